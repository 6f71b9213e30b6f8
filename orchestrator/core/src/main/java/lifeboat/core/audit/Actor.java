package lifeboat.core.audit;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;
import lifeboat.core.model.Labeled;

/**
 * Who did what an audit entry records: a person signed in to the web console, a daemon node, or a command run by an
 * operating-system user.
 *
 * @param name the web user's login, the daemon's node, or the command ({@code backup}, {@code audit checkpoint})
 * @param user the operating-system user who ran the process, or null for a web user
 * @param host the machine it ran on, or null
 */
public record Actor(Kind kind, String name, String user, String host) {
    public Actor {
        requireNonNull(kind, "kind is null");
        requireNonNull(name, "name is null");
    }

    /** What kind of actor it is. */
    public enum Kind implements Labeled {
        USER, DAEMON, COMMAND;

        @Override
        public String toString() {
            return label();
        }
    }

    /** A CLI command, run by this process's user on this machine. */
    public static Actor command(String command) {
        return new Actor(Kind.COMMAND, command, System.getProperty("user.name"), localHost());
    }

    /** A daemon node; {@code node} is its name in the cluster ({@code host:pid} when it has none). */
    public static Actor daemon(String node) {
        return new Actor(Kind.DAEMON, node, System.getProperty("user.name"), localHost());
    }

    /** A person signed in to the web console, from {@code address}. */
    public static Actor user(String login, String address) {
        return new Actor(Kind.USER, login, null, address);
    }

    /** One line for listings and the catalog's actor column: {@code command:backup (alice@host)}. */
    public String label() {
        String who = user == null ? host : host == null ? user : user + "@" + host;
        return kind.label() + ":" + name + (who == null ? "" : " (" + who + ")");
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind.label());
        m.put("name", name);
        if (user != null) {
            m.put("user", user);
        }
        if (host != null) {
            m.put("host", host);
        }
        return m;
    }

    private static String localHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
