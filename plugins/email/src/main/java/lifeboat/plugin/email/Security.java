package lifeboat.plugin.email;

import java.util.Locale;

/** How the connection to the mail server is protected. */
enum Security {
    NONE(25, "smtp"),
    STARTTLS(587, "smtp"),
    // smtps has to be asked for by name: Transport.send() ignores mail.transport.protocol=smtps
    TLS(465, "smtps");

    final int defaultPort;
    final String protocol;

    Security(int defaultPort, String protocol) {
        this.defaultPort = defaultPort;
        this.protocol = protocol;
    }

    String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Security parse(String channel, String value) {
        for (Security s : values()) {
            if (s.configName().equals(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException(channel + ": security must be none, starttls or tls, not '" + value + "'");
    }
}
