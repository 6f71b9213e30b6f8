package lifeboat.support.db;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import lifeboat.support.process.ToolHost;

/**
 * Where a database server is, whom to connect as, and where its tools run. The password never shows in
 * {@link #toString()}.
 */
public record DbEndpoint(String host, int port, String user, String password, ToolHost via, Jdbc jdbc) {
    public DbEndpoint {
        requireNonNull(host, "host is null");
        requireNonNull(user, "user is null");
        requireNonNull(via, "via is null");
        requireNonNull(jdbc, "jdbc is null");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** A server this machine reaches directly and whose tools run here. */
    public DbEndpoint(String host, int port, String user, String password, Jdbc jdbc) {
        this(host, port, user, password, ToolHost.local(), jdbc);
    }

    /** The same server account elsewhere, for restores with {@code toHost}, {@code toPort}, {@code toUser}. */
    public DbEndpoint withOverrides(String toHost, String toPort, String toUser) {
        return new DbEndpoint(
                toHost == null ? host : toHost,
                toPort == null ? port : Integer.parseInt(toPort),
                toUser == null ? user : toUser,
                password,
                via,
                jdbc);
    }

    /**
     * Opens a JDBC connection, to no database in particular when {@code database} is empty (where the server
     * allows it). The driver is used directly because the core may load plugins in a class loader DriverManager
     * does not see.
     */
    public Connection connect(String database) throws SQLException {
        var props = new Properties();
        props.putAll(jdbc.properties());
        props.setProperty("user", user);
        if (password != null) {
            props.setProperty("password", password);
        }
        InetSocketAddress at;
        try {
            at = via.reach(host, port); // with viaHost: a local port forwarded over SSH to host:port
        } catch (IOException e) {
            throw new SQLException(e.getMessage(), jdbc.unreachableState(), e);
        }
        String h = at.getHostString();
        String url = "jdbc:" + jdbc.scheme() + "://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + at.getPort()
                + "/" + URLEncoder.encode(database, StandardCharsets.UTF_8).replace("+", "%20");
        Connection c = jdbc.driver().connect(url, props);
        if (c == null) {
            throw new SQLException("the " + jdbc.scheme() + " driver did not accept " + url);
        }
        return c;
    }

    @Override
    public String toString() {
        return host + ":" + port + via.suffix();
    }
}
