package lifeboat.cli;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * The mail side of the notification tests: a GreenMail SMTP server on loopback, the email channel {@code it-email}
 * that sends to it, and a configuration whose one source fails and alerts by that channel.
 */
final class Smtp {
    static final String FROM = "lifeboat@school.example";
    static final String USER = "lifeboat";

    private Smtp() {
    }

    /** A started GreenMail on 127.0.0.1:{@code port} that lets {@link #USER} log in with {@code password}. */
    static GreenMail start(int port, String password) {
        GreenMail mail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.setUser(FROM, USER, password);
        mail.start();
        return mail;
    }

    /**
     * The channel {@code it-email}, an item of {@code notifications.channels} (indented for it), to 127.0.0.1:{@code
     * port} without TLS and without logging in, from {@link #FROM} to {@code to} (a YAML list).
     */
    static String channel(int port, String to, String timeout) {
        return channel(port, "", to, timeout);
    }

    /** {@link #channel}, logging in as {@link #USER} with the password in the file {@code smtp-password}. */
    static String loginChannel(int port, String to, String timeout) {
        return channel(port, """
                user: %s
                password: ${file:smtp-password}
                """.formatted(USER), to, timeout);
    }

    private static String channel(int port, String login, String to, String timeout) {
        return ("""
                - name: it-email
                  type: email
                  host: 127.0.0.1
                  port: %d
                  security: none
                """.formatted(port) + login.indent(2) + """
                  from: %s
                  to: %s
                  timeout: %s
                """.formatted(FROM, to, timeout)).indent(4);
    }

    /**
     * A configuration whose one source, {@code sis-files}, backs up a directory that is not there (its backups fail),
     * and whose one rule sends {@code backup-failed} by the channel {@code it-email}, given as {@code channel}.
     */
    static String failingSource(String channel) {
        return Cli.yaml().files("sis-files", "./not-mounted").then("""
                notifications:
                  channels:
                """ + channel + """
                  rules:
                    - events: [backup-failed]
                      channels: [it-email]
                """).text();
    }
}
