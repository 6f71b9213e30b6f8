package lifeboat.plugin.mariadb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import lifeboat.support.db.DbEndpoint;
import lifeboat.testkit.TestDatabases;

/** Creates uniquely named databases, loads SQL with the mariadb client, compares contents, drops them. */
final class MariaDbTestDb implements TestDatabases {
    private final DbEndpoint server;
    private final List<String> created = new ArrayList<>();

    MariaDbTestDb(DbEndpoint server) {
        this.server = server;
    }

    @Override
    public String create(String prefix) throws SQLException {
        String db = name(prefix);
        exec("", "create database " + db + " character set utf8mb4 collate utf8mb4_unicode_ci");
        return db;
    }

    @Override
    public String name(String prefix) {
        String db = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        created.add(db);
        return db;
    }

    @Override
    public void exec(String db, String sql) throws SQLException {
        try (Connection c = server.connect(db); Statement st = c.createStatement()) {
            for (String one : sql.split(";\\s+")) {
                st.execute(one);
            }
        }
    }

    @Override
    public long queryLong(String db, String sql) throws SQLException {
        try (Connection c = server.connect(db); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void loadResource(String db, String resource) throws IOException, InterruptedException {
        try (var in = MariaDbTestDb.class.getResourceAsStream(resource)) {
            shell(List.of("mariadb", "-h", server.host(), "-P", String.valueOf(server.port()), "--protocol=TCP",
                    "-u", server.user(), "--default-character-set=utf8mb4", db), in.readAllBytes());
        }
    }

    String shell(List<String> cmd, byte[] stdin) throws IOException, InterruptedException {
        var pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (server.password() != null) {
            pb.environment().put("MYSQL_PWD", server.password());
        }
        Process p = pb.start();
        var writer = new Thread(() -> {
            try (var out = p.getOutputStream()) {
                if (stdin != null) {
                    out.write(stdin);
                }
            } catch (IOException ignored) {
                // the process failed; its output says why
            }
        });
        writer.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(120, TimeUnit.SECONDS);
        writer.join();
        if (p.exitValue() != 0) {
            throw new IOException(cmd + " failed (" + p.exitValue() + "): " + out);
        }
        return out;
    }

    /** Every base table's content as count and an order-independent digest of its rows (hex for binary safety). */
    @Override
    public Map<String, String> tableDigests(String db) throws SQLException {
        var digests = new LinkedHashMap<String, String>();
        try (Connection c = server.connect(db); Statement st = c.createStatement()) {
            st.execute("set session group_concat_max_len = 1073741824");
            var columns = new LinkedHashMap<String, List<String>>();
            try (PreparedStatement ps = c.prepareStatement("select c.table_name, c.column_name"
                    + " from information_schema.columns c join information_schema.tables t"
                    + " on t.table_schema = c.table_schema and t.table_name = c.table_name"
                    + " where c.table_schema = ? and t.table_type = 'BASE TABLE'"
                    + " order by c.table_name, c.ordinal_position")) {
                ps.setString(1, db);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        columns.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                                .add("coalesce(hex(`" + rs.getString(2) + "`), 'NULL')");
                    }
                }
            }
            for (var e : columns.entrySet()) {
                String row = "md5(concat_ws('|', " + String.join(", ", e.getValue()) + "))";
                try (ResultSet rs = st.executeQuery("select concat(count(*), ':', coalesce(md5(group_concat(r order"
                        + " by r separator '')), '')) from (select " + row + " as r from `" + e.getKey() + "`) x")) {
                    rs.next();
                    digests.put(e.getKey(), rs.getString(1));
                }
            }
        }
        return digests;
    }

    @Override
    public void dropAll() {
        for (String db : created) {
            try {
                exec("", "drop database if exists " + db);
            } catch (SQLException e) {
                // leave it; a later run uses other names
            }
        }
    }

    @Override
    public Connection connect(String db) throws SQLException {
        return server.connect(db);
    }
}
