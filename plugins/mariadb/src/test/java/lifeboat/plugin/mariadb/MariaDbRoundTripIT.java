package lifeboat.plugin.mariadb;

import lifeboat.testkit.TestParts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import lifeboat.spi.DumpSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import lifeboat.support.db.DbEndpoint;

class MariaDbRoundTripIT {
    @TempDir
    Path tmp;

    DbEndpoint server;
    MariaDbTestDb dbs;

    @BeforeEach
    void setUp() throws IOException {
        server = MariaDbTestServer.shared();
        dbs = new MariaDbTestDb(server);
    }

    @AfterEach
    void tearDown() {
        dbs.dropAll();
    }

    private MariaDbSource source(String db) {
        return new MariaDbSource("library-db", server, db, MariaDbTools.local(null), Duration.ofMinutes(2),
                tmp.resolve("tmp"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> db(Map<String, Object> fingerprint, String db) {
        return (Map<String, Object>) ((Map<String, Object>) fingerprint.get("databases")).get(db);
    }

    @Test
    void dumpAndRestore_reproduceEveryRowTheSchemaAndTheSequence() throws Exception {
        String db = dbs.create("lb_school");
        dbs.loadResource(db, "/school.sql");
        var before = dbs.tableDigests(db);
        long sequence = dbs.queryLong(db, "select next_not_cached_value from grade_numbers");
        var parts = new TestParts(Files.createDirectories(tmp.resolve("parts")));
        var log = new TestParts.Log();

        Map<String, Object> fingerprint = source(db).dump(parts, log);

        assertThat(parts.parts()).containsExactly(db + ".sql");
        @SuppressWarnings("unchecked")
        var counts = (Map<String, Long>) db(fingerprint, db).get("tables");
        assertThat(counts).containsEntry("grades", 120000L).containsEntry("students", 2000L)
                .containsEntry("library_loans", 5000L).containsEntry("audit_log", 2000L)
                .doesNotContainKey("report_cards").doesNotContainKey("grade_numbers");

        dbs.exec("", "drop database " + db);
        source(db).restore(parts, Map.of(), log);

        assertThat(dbs.tableDigests(db)).isEqualTo(before);
        assertThat(dbs.queryLong(db, "select next_not_cached_value from grade_numbers")).isEqualTo(sequence);
        assertThat(db(source(db).fingerprint(Map.of()), db)).isEqualTo(db(fingerprint, db));
        dbs.exec(db, "insert into students (first_name, last_name) values ('Neu', 'Schüler')");
        assertThat(dbs.queryLong(db, "select count(*) from audit_log")).isEqualTo(2001L);
        assertThat(dbs.queryLong(db, "select count(*) from report_cards")).isEqualTo(120000L);
        assertThat(dbs.queryLong(db, "select average_score(1) is not null")).isEqualTo(1L);
    }

    @Test
    void restore_refusesANonEmptyDatabaseUnlessForced() throws Exception {
        String db = dbs.create("lb_small");
        dbs.exec(db, "create table t (id int primary key, v varchar(10)); insert into t values (1, 'eins'), (2, 'zwei')");
        var parts = new TestParts(Files.createDirectories(tmp.resolve("parts")));
        var fingerprint = source(db).dump(parts, new TestParts.Log());
        String copy = dbs.name("lb_copy");

        source(db).restore(parts, Map.of("toDb", copy), new TestParts.Log());
        assertThat(dbs.tableDigests(copy)).isEqualTo(dbs.tableDigests(db));
        assertThat(db(source(db).fingerprint(Map.of("toDb", copy)), copy)).isEqualTo(db(fingerprint, db));
        assertThat(dbs.queryLong("", "select count(*) from information_schema.schemata where schema_name = '" + copy
                + "' and default_collation_name = 'utf8mb4_unicode_ci'")).isEqualTo(1);

        dbs.exec(copy, "insert into t values (3, 'drei')");
        assertThatThrownBy(() -> source(db).restore(parts, Map.of("toDb", copy), new TestParts.Log()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(copy).hasMessageContaining("not empty").hasMessageContaining("force=true");
        assertThat(dbs.queryLong(copy, "select count(*) from t")).isEqualTo(3);

        source(db).restore(parts, Map.of("toDb", copy, "force", "true"), new TestParts.Log());
        assertThat(dbs.queryLong(copy, "select count(*) from t")).isEqualTo(2);
    }

    /** Two tables written in one transaction per step while the dump runs: no torn step, exact fingerprint. */
    @Test
    void dump_isOneConsistentSnapshotWhileAnotherConnectionWrites() throws Exception {
        String db = dbs.create("lb_busy");
        dbs.loadResource(db, "/school.sql");
        dbs.exec(db, "create table ledger_debit (id bigint auto_increment primary key, step bigint not null)");
        dbs.exec(db, "create table ledger_credit (id bigint auto_increment primary key, step bigint not null)");
        var steps = new AtomicLong();
        var stop = new AtomicBoolean();
        var writerFailure = new AtomicReference<Throwable>();
        var writer = new Thread(() -> {
            try (Connection c = server.connect(db); Statement st = c.createStatement()) {
                c.setAutoCommit(false);
                while (!stop.get()) {
                    long s = steps.get() + 1;
                    st.execute("insert into ledger_debit (step) values (" + s + ")");
                    st.execute("insert into ledger_credit (step) values (" + s + ")");
                    st.execute("update students set notes = 'step " + s + "' where id = " + (1 + s % 2000));
                    c.commit();
                    steps.set(s);
                }
            } catch (Throwable t) {
                writerFailure.set(t);
            }
        });
        writer.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> steps.get() >= 50);
            long atStart = steps.get();
            var parts = new TestParts(Files.createDirectories(tmp.resolve("parts")));
            var fingerprint = source(db).dump(parts, new TestParts.Log());
            await().atMost(Duration.ofSeconds(30)).until(() -> steps.get() > atStart + 50);
            stop.set(true);
            writer.join();
            assertThat(writerFailure.get()).isNull();

            String copy = dbs.name("lb_busy_copy");
            source(db).restore(parts, Map.of("toDb", copy), new TestParts.Log());
            long debit = dbs.queryLong(copy, "select count(*) from ledger_debit");
            assertThat(dbs.queryLong(copy, "select count(*) from ledger_credit")).isEqualTo(debit);
            assertThat(debit).isGreaterThanOrEqualTo(atStart).isLessThan(steps.get());
            assertThat(db(source(db).fingerprint(Map.of("toDb", copy)), copy)).isEqualTo(db(fingerprint, db));
        } finally {
            stop.set(true);
            writer.join();
        }
    }

    /** What the README tells an admin to do without Lifeboat: zstd -dc FILE | mariadb DB. */
    @Test
    void zstdCompressedPart_restoresWithThePlainClient() throws Exception {
        String db = dbs.create("lb_plain");
        dbs.loadResource(db, "/school.sql");
        Path dir = Files.createDirectories(tmp.resolve("zst"));
        DumpSource.DumpOutput viaZstd = (name, compressed) -> zstdInto(dir.resolve(name + ".zst"));
        source(db).dump(viaZstd, new TestParts.Log());

        String copy = dbs.name("lb_plain_copy");
        String conn = "-h " + server.host() + " -P " + server.port() + " --protocol=TCP -u " + server.user();
        dbs.shell(List.of("bash", "-c", "set -euo pipefail; cd " + dir
                + "; mariadb " + conn + " -e 'create database " + copy + " character set utf8mb4'"
                + "; zstd -dc " + db + ".sql.zst | mariadb " + conn + " " + copy), null);

        assertThat(dbs.tableDigests(copy)).isEqualTo(dbs.tableDigests(db));
    }

    static OutputStream zstdInto(Path file) throws IOException {
        Process p = new ProcessBuilder("zstd", "-q", "-3", "-f", "-o", file.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return new java.io.FilterOutputStream(p.getOutputStream()) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                super.close();
                try {
                    if (p.waitFor() != 0) {
                        throw new IOException("zstd failed for " + file);
                    }
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }
        };
    }
}
