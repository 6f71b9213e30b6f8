package lifeboat.plugin.email;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import jakarta.mail.internet.InternetAddress;

/** The checked settings of one email channel. */
record EmailConfig(String name, String host, int port, Security security, Optional<String> user,
        Optional<String> password, InternetAddress from, List<InternetAddress> to, Duration timeout,
        Optional<String> sslTrust) {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /** Where mail goes, as shown in listings: never the user or password. */
    String location() {
        String where = host + ":" + port;
        return security == Security.NONE ? where : where + " (" + security.configName() + ")";
    }

    int timeoutMillis() {
        return (int) timeout.toMillis();
    }

    /** The timeout as a person wrote it, e.g. {@code 10s}, for messages. */
    String timeoutText() {
        long ms = timeout.toMillis();
        if (ms % 1000 != 0) {
            return ms + "ms";
        }
        long s = ms / 1000;
        if (s != 0 && s % 3600 == 0) {
            return s / 3600 + "h";
        }
        if (s != 0 && s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }

    // the record's own toString would print the password
    @Override
    public String toString() {
        return "email " + name + " " + location() + user.map(u -> " user " + u).orElse("");
    }
}
