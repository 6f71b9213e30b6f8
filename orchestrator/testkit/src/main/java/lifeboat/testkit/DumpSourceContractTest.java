package lifeboat.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import lifeboat.spi.DumpSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every database source runs against a real server: extend it and supply the fixture, a server
 * with scratch databases (see the abstract methods). The suite dumps, restores and fingerprints, and checks what
 * the core relies on: a dump and its restore hold the same rows, the dump's fingerprint equals the restored
 * database's, a dump is one snapshot while others write, a non-empty target is only replaced with force, and
 * failures name the source and the database.
 */
public abstract class DumpSourceContractTest {
    @TempDir
    protected Path tmp;

    private final List<DumpSource> opened = new ArrayList<>();

    // ---- the fixture

    /** A source named {@link #sourceName()} for {@code database} (or {@code "*"}) on the test server. */
    protected abstract DumpSource newSource(String database) throws Exception;

    protected abstract String sourceName();

    /** The test server's scratch databases; the suite drops them after each test. */
    protected abstract TestDatabases databases();

    /** Drops {@code db} without the source, as an administrator would. */
    protected abstract void dropWithoutTheSource(String db) throws Exception;

    /** The part names a dump of the single database {@code db} writes, in order. */
    protected abstract List<String> dumpParts(String db);

    /** Some tables of school.sql as the fingerprint names them, with their row counts. */
    protected abstract Map<String, Long> schoolRowCounts();

    /** DDL for a table {@code (id auto-numbered primary key, step bigint not null)}. */
    protected abstract String ledgerTable(String table);

    /**
     * What the README tells an admin to do without Lifeboat: restores the zstd-compressed parts in {@code dir}
     * (named {@code PART.zst}) of a dump of {@code db} into the new database {@code copy} with the plain client
     * tools, and checks what the digests do not cover.
     */
    protected abstract void restoreWithPlainTools(Path dir, String db, String copy) throws Exception;

    /** Facts of a loaded school database that table digests do not show (sequences); compared after a restore. */
    protected Object schoolExtras(String db) throws Exception {
        return null;
    }

    /** Checks a school database's dump fingerprint beyond the row counts. */
    protected void checkSchoolFingerprint(Map<String, Object> fingerprint, String db) throws Exception {
    }

    /** Checks a restored school database beyond its rows: the extras, triggers, functions, views. */
    protected void checkRestoredSchool(String db, Object extrasBefore) throws Exception {
    }

    /** Checks a copy restored with toDb beyond its rows, e.g. its character set. */
    protected void checkRestoredCopy(String copy) throws Exception {
    }

    // ---- helpers

    @AfterEach
    void closeSourcesAndDropDatabases() throws IOException {
        for (DumpSource s : opened) {
            s.close();
        }
        databases().dropAll();
    }

    protected final DumpSource source(String database) throws Exception {
        DumpSource s = newSource(database);
        opened.add(s);
        return s;
    }

    protected final TestParts parts() throws IOException {
        return new TestParts(Files.createTempDirectory(tmp, "parts"));
    }

    @SuppressWarnings("unchecked")
    protected static Map<String, Object> db(Map<String, Object> fingerprint, String db) {
        return (Map<String, Object>) ((Map<String, Object>) fingerprint.get("databases")).get(db);
    }

    // ---- the contract

    @Test
    void dumpAndRestore_reproduceEveryRowAndTheFingerprint() throws Exception {
        String db = databases().create("lb_school");
        databases().loadResource(db, "/school.sql");
        var before = databases().tableDigests(db);
        Object extras = schoolExtras(db);
        var parts = parts();

        Map<String, Object> fingerprint = source(db).dump(parts, new TestParts.Log());

        assertThat(parts.parts()).containsExactlyElementsOf(dumpParts(db));
        assertThat(fingerprint.get("serverVersion")).asString().isNotBlank();
        @SuppressWarnings("unchecked")
        var counts = (Map<String, Long>) db(fingerprint, db).get("tables");
        assertThat(counts).containsAllEntriesOf(schoolRowCounts());
        assertThat(db(fingerprint, db).get("schemaHash")).asString().hasSize(64);
        checkSchoolFingerprint(fingerprint, db);

        dropWithoutTheSource(db);
        source(db).restore(parts, Map.of(), new TestParts.Log());

        assertThat(databases().tableDigests(db)).isEqualTo(before);
        assertThat(db(source(db).fingerprint(Map.of()), db)).isEqualTo(db(fingerprint, db));
        checkRestoredSchool(db, extras);
    }

    @Test
    void restore_refusesANonEmptyDatabaseUnlessForced() throws Exception {
        String db = databases().create("lb_small");
        databases().exec(db, "create table t (id int primary key, v varchar(10));"
                + " insert into t values (1, 'eins'), (2, 'zwei')");
        var parts = parts();
        var fingerprint = source(db).dump(parts, new TestParts.Log());
        String copy = databases().name("lb_copy");

        source(db).restore(parts, Map.of("toDb", copy), new TestParts.Log());
        assertThat(databases().tableDigests(copy)).isEqualTo(databases().tableDigests(db));
        assertThat(db(source(db).fingerprint(Map.of("toDb", copy)), copy)).isEqualTo(db(fingerprint, db));
        checkRestoredCopy(copy);

        databases().exec(copy, "insert into t values (3, 'drei')");
        assertThatThrownBy(() -> source(db).restore(parts, Map.of("toDb", copy), new TestParts.Log()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(copy).hasMessageContaining("not empty").hasMessageContaining("--force")
                .message().doesNotContain("force=true");
        assertThat(databases().queryLong(copy, "select count(*) from t")).isEqualTo(3);

        source(db).restore(parts, Map.of("toDb", copy, "force", "true"), new TestParts.Log());
        assertThat(databases().queryLong(copy, "select count(*) from t")).isEqualTo(2);
    }

    /**
     * The core checks a part's SHA-256 when it is read to its end and throws there, after the tool may have seen
     * every (damaged) byte. A forced restore over the live database must then fail saying the part is corrupt and
     * leave the live database, and no scratch database, behind.
     */
    @Test
    void restore_ofACorruptPart_failsAndLeavesTheLiveDatabaseAsItWas() throws Exception {
        String db = databases().create("lb_live");
        databases().exec(db, "create table students (id int primary key, name varchar(20))");
        databases().exec(db, "insert into students values (1, 'Anna'), (2, 'Ben')");
        var parts = parts();
        source(db).dump(parts, new TestParts.Log());
        databases().exec(db, "insert into students values (3, 'Cem')");
        var before = databases().tableDigests(db);
        String part = dumpParts(db).get(dumpParts(db).size() - 1);

        var corruptAtTheEnd = new CorruptPart(parts, part, false);
        assertThatThrownBy(() -> source(db).restore(corruptAtTheEnd, Map.of("force", "true"), new TestParts.Log()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(part).hasMessageContaining("corrupt").hasMessageContaining(CorruptPart.WHAT);
        assertThat(databases().tableDigests(db)).isEqualTo(before);

        var corruptMidway = new CorruptPart(parts, part, true);
        assertThatThrownBy(() -> source(db).restore(corruptMidway, Map.of("force", "true"), new TestParts.Log()))
                .isInstanceOf(IOException.class).hasMessageContaining("corrupt");
        assertThat(databases().tableDigests(db)).isEqualTo(before);
        assertThat(databaseNames()).as("scratch databases").noneMatch(n -> n.startsWith(db + "_lb"));

        String fresh = databases().name("lb_fresh");
        assertThatThrownBy(() -> source(db).restore(new CorruptPart(parts, part, false), Map.of("toDb", fresh),
                new TestParts.Log())).isInstanceOf(IOException.class).hasMessageContaining("corrupt");
        assertThat(databaseNames()).as("nothing made of a corrupt dump").noneMatch(n -> n.startsWith(fresh));

        source(db).restore(parts, Map.of("force", "true"), new TestParts.Log());
        assertThat(databases().queryLong(db, "select count(*) from students")).isEqualTo(2);
        assertThat(databaseNames()).as("scratch databases").noneMatch(n -> n.startsWith(db + "_lb"));
    }

    /** The server's databases (JDBC catalogs), to see that no scratch database stays. */
    protected List<String> databaseNames() throws Exception {
        var names = new ArrayList<String>();
        try (Connection c = databases().connect(""); var rs = c.getMetaData().getCatalogs()) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    /** Parts as stored, one of them failing its check as the core's read chain does: at its end. */
    private static final class CorruptPart implements DumpSource.DumpInput {
        static final String WHAT = "has SHA-256 0000, the catalog says 1111";
        private final TestParts parts;
        private final String bad;
        private final boolean flip;

        CorruptPart(TestParts parts, String bad, boolean flip) {
            this.parts = parts;
            this.bad = bad;
            this.flip = flip;
        }

        @Override
        public List<String> parts() {
            return parts.parts();
        }

        @Override
        public InputStream open(String part) throws IOException {
            if (!part.equals(bad)) {
                return parts.open(part);
            }
            byte[] bytes = Files.readAllBytes(parts.file(part));
            if (flip) {
                bytes[bytes.length / 2] ^= 0x5a;
            }
            return new FilterInputStream(new ByteArrayInputStream(bytes)) {
                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = in.read(b, off, len);
                    if (n < 0) {
                        throw new IOException("objects/x/" + bad + ".zst on storage target local " + WHAT);
                    }
                    return n;
                }
            };
        }
    }

    /**
     * A writer inserts one row into each of two tables per transaction while the dump runs. The restored copy must
     * hold equal counts (no torn transaction), and the fingerprint taken with the dump must match it exactly.
     */
    @Test
    void dump_isOneConsistentSnapshotWhileAnotherConnectionWrites() throws Exception {
        String db = databases().create("lb_busy");
        databases().loadResource(db, "/school.sql");
        databases().exec(db, ledgerTable("ledger_debit"));
        databases().exec(db, ledgerTable("ledger_credit"));
        var steps = new AtomicLong();
        var stop = new AtomicBoolean();
        var writerFailure = new AtomicReference<Throwable>();
        var writer = new Thread(() -> {
            try (Connection c = databases().connect(db); Statement st = c.createStatement()) {
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
            var parts = parts();
            var fingerprint = source(db).dump(parts, new TestParts.Log());
            await().atMost(Duration.ofSeconds(30)).until(() -> steps.get() > atStart + 50);
            stop.set(true);
            writer.join();
            assertThat(writerFailure.get()).isNull();

            String copy = databases().name("lb_busy_copy");
            source(db).restore(parts, Map.of("toDb", copy), new TestParts.Log());
            long debit = databases().queryLong(copy, "select count(*) from ledger_debit");
            assertThat(databases().queryLong(copy, "select count(*) from ledger_credit")).isEqualTo(debit);
            assertThat(debit).isGreaterThanOrEqualTo(atStart).isLessThan(steps.get());
            assertThat(db(source(db).fingerprint(Map.of("toDb", copy)), copy)).isEqualTo(db(fingerprint, db));
        } finally {
            stop.set(true);
            writer.join();
        }
    }

    /** The parts are plain tool formats: compressed by the core, they restore without Lifeboat. */
    @Test
    void zstdCompressedParts_restoreWithThePlainClientTools() throws Exception {
        String db = databases().create("lb_plain");
        databases().loadResource(db, "/school.sql");
        Path dir = Files.createDirectories(tmp.resolve("zst"));
        DumpSource.DumpOutput viaZstd = (name, compressed) -> zstdInto(dir.resolve(name + ".zst"));
        source(db).dump(viaZstd, new TestParts.Log());

        String copy = databases().name("lb_plain_copy");
        restoreWithPlainTools(dir, db, copy);

        assertThat(databases().tableDigests(copy)).isEqualTo(databases().tableDigests(db));
    }

    @Test
    void dump_ofAMissingDatabase_failsNamingTheSourceAndTheDatabase() {
        assertThatThrownBy(() -> source("no_such_db_lb").dump(parts(), new TestParts.Log()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(sourceName()).hasMessageContaining("no_such_db_lb");
    }

    @Test
    void restore_ofABackupWithoutDumpParts_failsNamingTheSource() throws Exception {
        String db = databases().create("lb_none");
        assertThatThrownBy(() -> source(db).restore(parts(), Map.of(), new TestParts.Log()))
                .isInstanceOf(IOException.class).hasMessageContaining(sourceName()).hasMessageContaining("no ");
    }

    @Test
    void unknownOption_isRefusedNamingIt() throws Exception {
        String db = databases().create("lb_opts");
        assertThatThrownBy(() -> source(db).restore(parts(), Map.of("toDatabase", "x"), new TestParts.Log()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("toDatabase");
        assertThatThrownBy(() -> source(db).fingerprint(Map.of("force", "yes")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("force");
    }

    @Test
    void query_returnsRowsAsTextInAReadOnlyTransaction() throws Exception {
        String db = databases().create("lb_query");
        databases().exec(db, "create table t (id int primary key, v varchar(10));"
                + " insert into t values (1, 'eins'), (2, null)");

        assertThat(source(db).query(Map.of(), "select id, v from t order by id"))
                .containsExactly(List.of("1", "eins"), Arrays.asList("2", null));
        try {
            source(db).query(Map.of(), "insert into t values (3, 'drei')");
        } catch (IOException refused) {
            // a server that enforces read-only refuses the insert; either way nothing may stay
            assertThat(refused).hasMessageContaining(db);
        }
        assertThat(databases().queryLong(db, "select count(*) from t")).isEqualTo(2);
    }

    @Test
    void dropDatabase_dropsScratchDatabasesOnlyAndToleratesMissingOnes() throws Exception {
        String db = databases().create("lb_own");
        String scratch = databases().create("lb_scratch");
        DumpSource s = source(db);

        assertThatThrownBy(() -> s.dropDatabase(Map.of("toDb", db))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> s.dropDatabase(Map.of())).isInstanceOf(IllegalArgumentException.class);
        s.dropDatabase(Map.of("toDb", scratch));
        s.dropDatabase(Map.of("toDb", scratch));

        assertThatThrownBy(() -> s.query(Map.of("toDb", scratch), "select 1")).isInstanceOf(IOException.class);
        assertThat(s.query(Map.of(), "select 1")).containsExactly(List.of("1"));
    }

    /** A part stream that pipes into the zstd command line tool, as a stand-in for the core's compressor. */
    public static OutputStream zstdInto(Path file) throws IOException {
        Process p = new ProcessBuilder("zstd", "-q", "-3", "-f", "-o", file.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return new FilterOutputStream(p.getOutputStream()) {
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
