package lifeboat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog on a real PostgreSQL server (trust auth, user postgres); host and port from the environment. */
class PostgresCatalogIT {
    private static final String HOST = env("LIFEBOAT_TEST_PG_HOST", "127.0.0.1");
    private static final String PORT = env("LIFEBOAT_TEST_PG_PORT", "5432");

    @TempDir
    Path dir;

    String db;

    private static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : v;
    }

    private static String url(String database) {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + database + "?user=postgres";
    }

    @BeforeEach
    void createDatabase() throws Exception {
        db = "lifeboat_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(url("postgres")); Statement st = c.createStatement()) {
            st.execute("create database " + db);
        }
    }

    @AfterEach
    void dropDatabase() throws Exception {
        try (Connection c = DriverManager.getConnection(url("postgres")); Statement st = c.createStatement()) {
            st.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + db + "'");
            st.execute("drop database if exists " + db);
        }
    }

    private long count(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url(db)); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void backupListVerifyRestore_onPostgresCatalog_storeRows() throws Exception {
        Path config = Cli.install(dir, "catalog:\n  url: " + url(db) + "\n");
        Path share = dir.resolve("share");
        Cli.share(share);

        Cli.Result b = Cli.on(config, "backup", "share", "--json");
        assertThat(b.code()).as(b.toString()).isZero();
        String id = b.json().get("id").asText();
        assertThat(count("select count(*) from backups where id = '" + id + "' and status = 'complete'")).isEqualTo(1);
        assertThat(count("select count(*) from backup_objects where backup_id = '" + id + "'")).isEqualTo(4);
        assertThat(count("select count(*) from backup_copies where backup_id = '" + id + "'")).isEqualTo(1);

        Cli.Result list = Cli.on(config, "list", "--json");
        assertThat(list.code()).isZero();
        assertThat(list.json()).singleElement().satisfies(x -> assertThat(x.get("id").asText()).isEqualTo(id));

        Cli.Result verify = Cli.on(config, "verify", id, "--mode", "full");
        assertThat(verify.code()).as(verify.toString()).isZero();
        assertThat(count("select count(*) from verifications where backup_id = '" + id + "' and status = 'ok'"))
                .isEqualTo(1);
        assertThat(count("select count(*) from backup_objects where backup_id = '" + id
                + "' and last_verified_at is not null")).isEqualTo(4);

        Path out = dir.resolve("out");
        Cli.Result restore = Cli.on(config, "restore", id, "--to", out.toString());
        assertThat(restore.code()).as(restore.toString()).isZero();
        assertThat(Cli.tree(out)).isEqualTo(Cli.tree(share));
        assertThat(count("select count(*) from restores where backup_id = '" + id + "' and status = 'restored'"))
                .isEqualTo(1);
        assertThat(Files.exists(dir.resolve("var/catalog.mv.db"))).as("no H2 catalog used").isFalse();
    }
}
