package lifeboat.plugin.mariadb;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/** Where a MariaDB server is and whom to connect as. The password never shows in {@link #toString()}. */
record Endpoint(String host, int port, String user, String password) {
    Endpoint {
        requireNonNull(host, "host is null");
        requireNonNull(user, "user is null");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    Endpoint withOverrides(String toHost, String toPort, String toUser) {
        return new Endpoint(
                toHost == null ? host : toHost,
                toPort == null ? port : Integer.parseInt(toPort),
                toUser == null ? user : toUser,
                password);
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
        String url = "jdbc:mariadb://" + host + ":" + port + "/"
                + java.net.URLEncoder.encode(database, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
        Connection c = new org.mariadb.jdbc.Driver().connect(url, props);
        if (c == null) {
            throw new SQLException("the MariaDB driver did not accept " + url);
        }
        return c;
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
