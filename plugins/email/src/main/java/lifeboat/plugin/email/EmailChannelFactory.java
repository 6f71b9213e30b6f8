package lifeboat.plugin.email;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import lifeboat.spi.Channel;
import lifeboat.spi.ChannelFactory;
import lifeboat.spi.PluginContext;
import lifeboat.spi.PropertySpec;
import lifeboat.spi.PropertyType;
import lifeboat.spi.Settings;

final class EmailChannelFactory implements ChannelFactory {
    @Override
    public String type() {
        return "email";
    }

    @Override
    public List<PropertySpec> properties() {
        return List.of(
                PropertySpec.required("host", PropertyType.STRING, "SMTP server name or address"),
                PropertySpec.optional("port", PropertyType.INTEGER,
                        "SMTP port; default 25 for security none, 587 for starttls, 465 for tls"),
                PropertySpec.optional("security", PropertyType.STRING, "none, starttls or tls; default starttls"),
                PropertySpec.optional("user", PropertyType.STRING, "user for SMTP AUTH; set together with password"),
                PropertySpec.secret("password", "password for SMTP AUTH"),
                PropertySpec.required("from", PropertyType.STRING, "sender address"),
                PropertySpec.required("to", PropertyType.STRING_LIST, "recipient addresses, at least one"),
                PropertySpec.optional("timeout", PropertyType.DURATION,
                        "connect, read and write timeout, each; default 10s"),
                PropertySpec.optional("sslTrust", PropertyType.STRING,
                        "the host, or *, whose certificate is trusted without CA and host name checks;"
                                + " only for a self-signed server on your own network; default none"));
    }

    @Override
    public Channel create(Settings settings, PluginContext context) {
        EmailConfig config = config(settings);
        return new EmailChannel(config, MailSessions.create(config));
    }

    static EmailConfig config(Settings s) {
        String name = s.name();
        Security security = Security.parse(name, s.string("security").orElse("starttls"));
        long port = s.integer("port", security.defaultPort);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(name + ": port out of range: " + port);
        }
        Optional<String> user = s.string("user").filter(u -> !u.isBlank());
        Optional<String> password = s.string("password").filter(p -> !p.isEmpty());
        if (user.isPresent() != password.isPresent()) {
            // half a login would either fail at every send or silently send without logging in
            throw new IllegalArgumentException(name + ": set both user and password for SMTP AUTH, or neither");
        }
        Duration timeout = s.duration("timeout").orElse(EmailConfig.DEFAULT_TIMEOUT);
        if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + ": timeout must be positive and under 24 days: " + timeout);
        }
        List<String> to = s.list("to");
        if (to.isEmpty()) {
            throw new IllegalArgumentException(name + ": property 'to' needs at least one address");
        }
        List<InternetAddress> recipients = new ArrayList<>();
        for (String address : to) {
            recipients.add(address(name, "to", address));
        }
        String host = s.requireString("host");
        return new EmailConfig(name, host, (int) port, security, user, password,
                address(name, "from", s.requireString("from")), List.copyOf(recipients), timeout,
                sslTrust(name, host, s.string("sslTrust").filter(t -> !t.isBlank())));
    }

    /** The channel only ever connects to {@code host}, so a list without it would silently change nothing. */
    private static Optional<String> sslTrust(String channel, String host, Optional<String> trust) {
        trust.ifPresent(t -> {
            List<String> hosts = List.of(t.strip().split("\\s+"));
            if (!hosts.contains("*") && !hosts.contains(host)) {
                throw new IllegalArgumentException(channel + ": property 'sslTrust' ('" + t
                        + "') does not name the host " + host + "; use the host's name or *");
            }
        });
        return trust.map(String::strip);
    }

    private static InternetAddress address(String channel, String key, String value) {
        try {
            InternetAddress a = new InternetAddress(value, true);
            // strict parsing still lets a bare local name such as "it" through; mail servers would reject it later
            if (a.getAddress().indexOf('@') < 1) {
                throw new AddressException("no domain");
            }
            return a;
        } catch (AddressException e) {
            throw new IllegalArgumentException(channel + ": property '" + key + "': '" + value
                    + "' is not a valid email address");
        }
    }
}
