package lifeboat.plugin.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
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

/** Creates uniquely named databases, loads SQL into them with psql, compares their contents, drops them. */
final class PgTestDb implements TestDatabases {
    private final DbEndpoint server;
    private final List<String> created = new ArrayList<>();

    PgTestDb(DbEndpoint server) {
        this.server = server;
    }

    @Override
    public String create(String prefix) throws SQLException {
        String db = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        created.add(db);
        exec("postgres", "create database " + db + " template template0 encoding 'UTF8'");
        return db;
    }

    /** Names a database the test will make by other means, so it is dropped too. */
    @Override
    public String name(String prefix) {
        String db = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        created.add(db);
        return db;
    }

    @Override
    public void exec(String db, String sql) throws SQLException {
        try (Connection c = server.connect(db); Statement st = c.createStatement()) {
            st.execute(sql);
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
        try (var in = PgTestDb.class.getResourceAsStream(resource)) {
            byte[] sql = in.readAllBytes();
            shell(List.of("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", server.host(), "-p",
                    String.valueOf(server.port()), "-U", server.user(), "-d", db, "-f", "-"), sql);
        }
    }

    String shell(List<String> cmd, byte[] stdin) throws IOException, InterruptedException {
        var pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (server.password() != null) {
            pb.environment().put("PGPASSWORD", server.password());
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

    /** Every user table's full content as an order-independent digest: md5 of its rows' text, sorted. */
    @Override
    public Map<String, String> tableDigests(String db) throws SQLException {
        var digests = new LinkedHashMap<String, String>();
        try (Connection c = server.connect(db); Statement st = c.createStatement()) {
            var tables = new ArrayList<String>();
            try (ResultSet rs = st.executeQuery("select format('%I.%I', schemaname, tablename) from pg_tables"
                    + " where schemaname not in ('pg_catalog','information_schema') order by 1")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String t : tables) {
                try (ResultSet rs = st.executeQuery("select count(*) || ':' || coalesce(md5(string_agg(r, E'\\n'"
                        + " order by r collate \"C\")), '') from (select t::text as r from " + t + " t) x")) {
                    rs.next();
                    digests.put(t, rs.getString(1));
                }
            }
        }
        return digests;
    }

    @Override
    public void dropAll() {
        for (String db : created) {
            try {
                exec("postgres", "drop database if exists " + db + " with (force)");
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
