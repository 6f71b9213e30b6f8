package lifeboat.plugin.email;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Instant;
import lifeboat.spi.Channel;
import lifeboat.spi.Delivery;
import lifeboat.spi.Notice;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * Sends each notice over its own SMTP connection: notices are rare, and a pooled connection would only time out
 * between them. Thread-safe because the session is, and every send gets its own transport.
 */
final class EmailChannel implements Channel {
    private final EmailConfig config;
    private final Session session;
    private final SendFailures failures;

    EmailChannel(EmailConfig config, Session session) {
        this.config = config;
        this.session = session;
        this.failures = new SendFailures(config);
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public String location() {
        return config.location();
    }

    @Override
    public Delivery send(Notice notice) throws IOException {
        Transport transport = null;
        try {
            MimeMessage message = NoticeMail.build(session, config, notice, Instant.now());
            transport = session.getTransport(config.security().protocol);
            transport.connect(config.host(), config.port(), config.user().orElse(null),
                    config.password().orElse(null));
            transport.sendMessage(message, message.getAllRecipients());
            // read before close(), which replaces it with the answer to QUIT
            String answer = ((SMTPTransport) transport).getLastServerResponse();
            return new Delivery(answer == null ? "" : answer.trim());
        } catch (MessagingException e) {
            throw failures.describe(e);
        } finally {
            closeQuietly(transport);
        }
    }

    private static void closeQuietly(Transport transport) {
        if (transport == null) {
            return;
        }
        try {
            transport.close();
        } catch (MessagingException e) {
            // the message was sent or the failure already reported; a failing QUIT changes neither
        }
    }

    @Override
    public String toString() {
        return config.toString();
    }
}
