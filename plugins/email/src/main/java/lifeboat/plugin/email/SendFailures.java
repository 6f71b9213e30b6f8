package lifeboat.plugin.email;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.util.MailConnectException;

/**
 * Turns what Angus Mail throws into an {@link IOException} a person can act on: which channel, which server, and
 * what went wrong in plain words. The password never appears, not even if a server were to echo it.
 */
final class SendFailures {
    private final EmailConfig config;

    SendFailures(EmailConfig config) {
        this.config = config;
    }

    IOException describe(MessagingException e) {
        return new IOException(scrub("email channel " + config.name() + " (" + config.host() + ":" + config.port()
                + "): " + explain(e)), e);
    }

    private String explain(MessagingException e) {
        if (e instanceof AuthenticationFailedException) {
            return "the server refused the login for user " + config.user().orElse("(none)") + ": " + text(e);
        }
        if (e instanceof SendFailedException sent) {
            return refused(sent);
        }
        String message = String.valueOf(e.getMessage());
        if (message.contains("does not support STARTTLS")) {
            String what = config.user().isPresent() ? "the password" : "mail";
            return "the server does not offer STARTTLS; refusing to send " + what + " in clear"
                    + " (set security: none only on a trusted network)";
        }
        if (find(e, SocketTimeoutException.class).isPresent()) {
            return "no answer within " + config.timeoutText();
        }
        Optional<SSLException> ssl = find(e, SSLException.class);
        if (ssl.isPresent()) {
            if (find(e, CertificateException.class).isPresent()) {
                return "TLS handshake failed: the server's certificate is not trusted (" + text(ssl.get())
                        + "); for a self-signed server on your own network set sslTrust: " + config.host();
            }
            return "TLS handshake failed: " + text(ssl.get());
        }
        if (find(e, UnknownHostException.class).isPresent()) {
            return "cannot connect: unknown host " + config.host();
        }
        if (e instanceof MailConnectException) {
            return "cannot connect: " + (e.getCause() == null ? text(e) : text(e.getCause()));
        }
        Optional<IOException> io = find(e, IOException.class);
        if (io.isPresent()) {
            return "connection failed: " + text(io.get());
        }
        return "sending failed: " + text(e);
    }

    private String refused(SendFailedException e) {
        List<String> reasons = new ArrayList<>();
        for (Throwable t = e; t != null; t = next(t)) {
            if (t instanceof SMTPAddressFailedException a) {
                reasons.add("the server refused recipient " + a.getAddress().getAddress() + ": " + text(a));
            } else if (t instanceof SMTPSendFailedException s) {
                String command = String.valueOf(s.getCommand()).split(" ")[0];
                reasons.add("the server refused the message at " + command + ": " + text(s));
            }
        }
        if (reasons.isEmpty()) {
            return "the server refused the message: " + text(e);
        }
        return String.join("; ", reasons);
    }

    private static <T extends Throwable> Optional<T> find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = next(t)) {
            if (type.isInstance(t)) {
                return Optional.of(type.cast(t));
            }
        }
        return Optional.empty();
    }

    private static Throwable next(Throwable t) {
        if (t instanceof MessagingException m && m.getNextException() != null) {
            return m.getNextException();
        }
        return t.getCause() == t ? null : t.getCause();
    }

    /** The message of this exception alone: MessagingException appends its nested exceptions to getMessage(). */
    private static String text(Throwable t) {
        String m = t instanceof MessagingException ? firstLine(((MessagingException) t).getMessage()) : t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m.strip();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return null;
        }
        int nested = s.indexOf(";\n  nested exception is");
        return (nested >= 0 ? s.substring(0, nested) : s).strip();
    }

    // servers and libraries are not ours: make sure no message of theirs carries the password out
    private String scrub(String message) {
        return config.password().map(p -> message.replace(p, "****")).orElse(message);
    }
}
