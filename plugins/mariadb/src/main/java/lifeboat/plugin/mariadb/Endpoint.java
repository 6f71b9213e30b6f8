package lifeboat.plugin.mariadb;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import lifeboat.support.process.ToolHost;

/** Where a MariaDB server is and whom to connect as. The password never shows in {@link #toString()}. */
record Endpoint(String host, int port, String user, String password, ToolHost via) {
    Endpoint {
        requireNonNull(host, "host is null");
        requireNonNull(via, "via is null");
        requireNonNull(user, "user is null");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** A server this machine reaches directly and whose tools run here. */
    Endpoint(String host, int port, String user, String password) {
        this(host, port, user, password, ToolHost.local());
    }

    Endpoint withOverrides(String toHost, String toPort, String toUser) {
        return new Endpoint(
                toHost == null ? host : toHost,
                toPort == null ? port : Integer.parseInt(toPort),
                toUser == null ? user : toUser,
                password,
                via);
    }

    /**
     * Opens a JDBC connection, to no database in particular when {@code database} is empty. The driver is used
     * directly because the core may load plugins in a class loader DriverManager does not see.
     */
    Connection connect(String database) throws SQLException {
        var props = new Properties();
        props.setProperty("user", user);
        if (password != null) {
            props.setProperty("password", password);
        }
        props.setProperty("connectTimeout", "10000");
        InetSocketAddress at;
        try {
            at = via.reach(host, port); // with viaHost: a local port forwarded over SSH to host:port
        } catch (IOException e) {
            throw new SQLException(e.getMessage(), "08000", e);
        }
        String url = "jdbc:mariadb://" + at.getHostString() + ":" + at.getPort() + "/"
                + java.net.URLEncoder.encode(database, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
        Connection c = new org.mariadb.jdbc.Driver().connect(url, props);
        if (c == null) {
            throw new SQLException("the MariaDB driver did not accept " + url);
        }
        return c;
    }

    @Override
    public String toString() {
        return host + ":" + port + via.suffix();
    }
}
