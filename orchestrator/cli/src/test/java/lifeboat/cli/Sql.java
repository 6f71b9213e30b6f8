package lifeboat.cli;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Statements against the loopback PostgreSQL (trust, user postgres) and MariaDB (root, no password) of the ITs. */
final class Sql {
    /** A PostgreSQL URL; {@code %s} is the database. */
    static final String PG = "jdbc:postgresql://127.0.0.1:5432/%s?user=postgres";
    /** A MariaDB URL; {@code %s} is the database, empty for none. */
    static final String MARIA = "jdbc:mariadb://127.0.0.1:3306/%s?user=root";

    private Sql() {
    }

    static void pg(String db, String sql) throws SQLException {
        execute(PG.formatted(db), sql);
    }

    static void maria(String db, String sql) throws SQLException {
        execute(MARIA.formatted(db), sql);
    }

    private static void execute(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** The first column of the first row, as a number; {@code url} is {@link #PG} or {@link #MARIA}. */
    static long count(String url, String db, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url.formatted(db)); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The first column of every row. */
    static List<String> column(String url, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
