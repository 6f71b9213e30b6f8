package lifeboat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault campaign, corruption: each object kind of a backup (manifest, archive or dump, backup.json, SHA256SUMS) is
 * flipped, truncated, deleted or swapped with the same object of the source's other backup, on plain and age
 * backups of a share, of a PostgreSQL database and of a MariaDB database. A full verify must find every one and name the object; a restore
 * (with the second target's copy intact) must never exit 0 with wrong bytes, and when it fails it names the object.
 * Bounded: a seeded eight cells; full ({@code -Dlifeboat.campaign=full}): all 88.
 */
class CorruptionCampaignIT {
    enum Fault { FLIP, TRUNCATE, DELETE, SWAP }

    enum Kind { FILES, POSTGRES, MARIADB }

    /** A source of the installation and what its newest backup must restore to. */
    record Variant(String source, Kind kind, boolean encrypted) {
        String suffix() {
            return encrypted ? ".age" : "";
        }

        boolean dump() {
            return kind != Kind.FILES;
        }

        List<String> objects() {
            return switch (kind) {
                case POSTGRES -> List.of(DB + ".pgdump.zst" + suffix(), "globals.sql.zst" + suffix(), "backup.json",
                        "SHA256SUMS");
                case MARIADB -> List.of(DB + ".sql.zst" + suffix(), "backup.json", "SHA256SUMS");
                case FILES -> List.of("manifest.jsonl.zst" + suffix(), "data.tar.zst" + suffix(), "backup.json",
                        "SHA256SUMS");
            };
        }
    }

    record Cell(Variant variant, String object, Fault fault) {
        @Override
        public String toString() {
            return variant.source() + " " + object + " " + fault.name().toLowerCase(Locale.ROOT);
        }
    }

    static final String DB = "campaign_corrupt_" + ProcessHandle.current().pid();
    static final String RESTORED_DB = DB + "_r";
    static final String PG = "jdbc:postgresql://127.0.0.1:5432/";

    @TempDir
    static Path dir;
    static Path config;
    static boolean postgres;
    static boolean mariadb;
    /** source to {older backup id, newer backup id} */
    static final Map<String, String[]> IDS = new LinkedHashMap<>();
    static Map<String, String> newerShareTree;
    static String newerRows;
    static String newerMariaRows;
    static final Map<String, String> FOUND = new java.util.concurrent.ConcurrentSkipListMap<>();
    static final Map<String, String> RESTORE = new java.util.concurrent.ConcurrentSkipListMap<>();

    static String rows(String db) throws Exception {
        try (Connection c = DriverManager.getConnection(PG + db + "?user=postgres"); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select count(*) || ':' || md5(coalesce(string_agg(id || name, ',' order by id), ''))"
                        + " from pupils")) {
            rs.next();
            return rs.getString(1);
        }
    }

    static String mariaRows(String db) throws Exception {
        try (Connection c = DriverManager.getConnection(Sql.MARIA.formatted(db)); Statement st = c.createStatement()) {
            st.execute("set session group_concat_max_len = 1000000");
            try (ResultSet rs = st.executeQuery("select concat(count(*), ':', md5(coalesce(group_concat(concat(id, name)"
                    + " order by id separator ','), ''))) from pupils")) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    static void maria(String db, String... statements) throws Exception {
        for (String s : statements) {
            Sql.maria(db, s);
        }
    }

    static void sql(String db, String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection(PG + db + "?user=postgres"); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    @BeforeAll
    static void installation() throws Exception {
        try {
            sql("postgres", "drop database if exists " + DB, "drop database if exists " + RESTORED_DB, "create database " + DB);
            sql(DB, "create table pupils(id int primary key, name text)",
                    "insert into pupils select g, 'pupil ' || g from generate_series(1, 200) g");
            postgres = true;
        } catch (java.sql.SQLException e) {
            System.out.println("campaign corruption: no PostgreSQL on 127.0.0.1:5432, dump cells left out: " + e.getMessage());
        }
        try {
            maria("", "drop database if exists " + DB, "drop database if exists " + RESTORED_DB, "create database " + DB);
            maria(DB, "create table pupils(id int primary key, name varchar(100))",
                    "insert into pupils select seq, concat('pupil ', seq) from seq_1_to_200");
            mariadb = true;
        } catch (java.sql.SQLException e) {
            System.out.println("campaign corruption: no MariaDB on 127.0.0.1:3306, its dump cells left out: "
                    + e.getMessage());
        }
        ManualRestoreIT.Shell gen = ManualRestoreIT.sh(dir, "age-keygen -o key.txt 2>&1");
        assertThat(gen.code()).as(gen.output()).isZero();
        Matcher m = Pattern.compile("age1[0-9a-z]+").matcher(gen.output());
        assertThat(m.find()).isTrue();
        String encryption = "    encryption:\n      recipients: [" + m.group() + "]\n      identity: ${file:key.txt}\n";
        String db = "    type: postgres\n    host: 127.0.0.1\n    port: 5432\n    database: " + DB
                + "\n    user: postgres\n    storage: [local, second]\n";
        String mdb = "    type: mariadb\n    host: 127.0.0.1\n    port: 3306\n    database: " + DB
                + "\n    user: root\n    storage: [local, second]\n";
        Cli.share(dir.resolve("share"));
        config = Files.writeString(dir.resolve("lifeboat.yaml"), """
                dataDir: ./var
                storage:
                  - name: local
                    type: local
                    path: ./repo
                  - name: second
                    type: local
                    path: ./repo2
                sources:
                  - name: share
                    type: files
                    path: ./share
                    storage: [local, second]
                  - name: vault
                    type: files
                    path: ./share
                    storage: [local, second]
                """ + encryption + (postgres ? "  - name: db\n" + db + "  - name: dbvault\n" + db + encryption : "")
                + (mariadb ? "  - name: mdb\n" + mdb + "  - name: mdbvault\n" + mdb + encryption : ""));
        List<String> sources = new ArrayList<>(List.of("share", "vault"));
        if (postgres) {
            sources.addAll(List.of("db", "dbvault"));
        }
        if (mariadb) {
            sources.addAll(List.of("mdb", "mdbvault"));
        }
        for (String s : sources) {
            IDS.put(s, new String[] {backUp(s), null});
        }
        Cli.write(dir.resolve("share"), "staff/HB/noten-7a.csv", "name;note\nanna;1\nben;3\n");
        Cli.write(dir.resolve("share"), "staff/neu.txt", "neu\n");
        Files.delete(dir.resolve("share/scripts/run.sh"));
        if (postgres) {
            sql(DB, "update pupils set name = 'renamed' where id % 7 = 0", "delete from pupils where id > 190",
                    "insert into pupils values (500, 'new pupil')");
            newerRows = rows(DB);
        }
        if (mariadb) {
            maria(DB, "update pupils set name = 'renamed' where id % 7 = 0", "delete from pupils where id > 190",
                    "insert into pupils values (500, 'new pupil')");
            newerMariaRows = mariaRows(DB);
        }
        newerShareTree = Cli.tree(dir.resolve("share"));
        for (String s : sources) {
            IDS.get(s)[1] = backUp(s);
        }
    }

    @AfterAll
    static void summary() throws Exception {
        long found = FOUND.values().stream().filter("found"::equals).count();
        long safe = RESTORE.values().stream().filter(v -> !v.startsWith("WRONG")).count();
        StringBuilder table = new StringBuilder("campaign corruption: cell | full verify | restore\n");
        FOUND.forEach((cell, v) -> table.append("  ").append(cell).append(" | ").append(v).append(" | ")
                .append(RESTORE.getOrDefault(cell, "-")).append('\n'));
        System.out.print(table);
        Campaign.count("corruption", "corruptions found " + found + "/" + FOUND.size() + ", restores never wrong "
                + safe + "/" + RESTORE.size());
        if (postgres) {
            sql("postgres", "drop database if exists " + DB + " with (force)",
                    "drop database if exists " + RESTORED_DB + " with (force)");
        }
        if (mariadb) {
            maria("", "drop database if exists " + DB, "drop database if exists " + RESTORED_DB);
        }
    }

    private static String backUp(String source) throws java.io.IOException {
        Cli.Result b = Cli.on(config, "backup", source, "--json");
        assertThat(b.code()).as(b.toString()).isZero();
        return b.json().get("id").asText();
    }

    static List<Cell> cells() {
        List<Cell> all = new ArrayList<>();
        List<Variant> variants = new ArrayList<>(List.of(new Variant("share", Kind.FILES, false),
                new Variant("vault", Kind.FILES, true)));
        if (postgres) {
            variants.addAll(List.of(new Variant("db", Kind.POSTGRES, false), new Variant("dbvault", Kind.POSTGRES, true)));
        }
        if (mariadb) {
            variants.addAll(List.of(new Variant("mdb", Kind.MARIADB, false),
                    new Variant("mdbvault", Kind.MARIADB, true)));
        }
        for (Variant v : variants) {
            for (String object : v.objects()) {
                for (Fault f : Fault.values()) {
                    all.add(new Cell(v, object, f));
                }
            }
        }
        if (Campaign.full()) {
            return all;
        }
        // bounded: a seeded eight, each fault twice, from any kind and variant
        List<Cell> shuffled = new ArrayList<>(all);
        Collections.shuffle(shuffled, new Random(Campaign.seed("corruption")));
        Map<Fault, Integer> taken = new java.util.EnumMap<>(Fault.class);
        List<Cell> some = new ArrayList<>();
        for (Cell c : shuffled) {
            if (taken.merge(c.fault(), 1, Integer::sum) <= 2) {
                some.add(c);
            }
        }
        return some;
    }

    @TestFactory
    Stream<DynamicTest> everyCorruption_isFoundAndNamed_andNoRestoreExitsZeroWithWrongBytes() {
        if (Campaign.full()) {
            Campaign.seed("corruption");
        }
        return cells().stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> run(c)));
    }

    private void run(Cell cell) throws Exception {
        String[] ids = IDS.get(cell.variant().source());
        String id = ids[1];
        Path backupDir = dir.resolve("repo/backups/" + cell.variant().source() + "/" + id);
        Path object = backupDir.resolve(cell.object());
        Path saved = dir.resolve("saved-" + cell.object());
        Files.copy(object, saved, StandardCopyOption.REPLACE_EXISTING);
        String name = cell.toString();
        try {
            corrupt(cell, object, dir.resolve("repo/backups/" + cell.variant().source() + "/" + ids[0] + "/" + cell.object()));

            // restore first, so it must see the damage itself, not learn it from a verification
            String restore = restoreOutcome(cell, id);
            RESTORE.put(name, restore);

            Cli.Result v = Cli.on(config, "verify", id, "--mode", "full", "--target", "local", "--json");
            boolean named = v.code() == 1 && v.out().contains("\"status\" : \"failed\"") && names(v, cell.object());
            FOUND.put(name, named ? "found" : "MISSED");
            Campaign.assertNoStackTrace(name, v.out() + v.err());
            assertThat(named).as(name + ": full verify must fail naming " + cell.object() + "\n" + v).isTrue();
            assertThat(restore).as(name + ": restore").doesNotStartWith("WRONG");
        } finally {
            Files.move(saved, object, StandardCopyOption.REPLACE_EXISTING);
            // a clean full verify closes the failed one, so the next cell starts from a good copy
            Cli.Result again = Cli.on(config, "verify", id, "--mode", "full", "--target", "local");
            assertThat(again.code()).as(name + ": the repaired copy verifies again\n" + again).isZero();
        }
    }

    private static boolean names(Cli.Result v, String object) throws Exception {
        for (JsonNode item : v.json()) {
            for (JsonNode f : item.path("findings")) {
                if (f.path("object").asText().endsWith("/" + object) || f.path("message").asText().contains(object)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void corrupt(Cell cell, Path object, Path sameKindOfOtherBackup) throws Exception {
        byte[] bytes = Files.readAllBytes(object);
        switch (cell.fault()) {
            case FLIP -> {
                int at = bytes.length / 2;
                bytes[at] ^= 0x5a;
                Files.write(object, bytes);
            }
            case TRUNCATE -> Files.write(object, java.util.Arrays.copyOf(bytes, bytes.length * 2 / 3));
            case DELETE -> Files.delete(object);
            case SWAP -> Files.copy(sameKindOfOtherBackup, object, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** "ok: ..." when the restore gave the right bytes, "refused: ..." when it failed naming the object, else "WRONG: ...". */
    private static String restoreOutcome(Cell cell, String id) throws Exception {
        Cli.Result r;
        if (cell.variant().dump()) {
            r = Cli.on(config, "restore", id, "--to-db", RESTORED_DB, "--force");
        } else {
            Path target = dir.resolve("restored-" + System.nanoTime());
            r = Cli.on(config, "restore", id, "--to", target.toString());
            if (r.code() == 0) {
                return Cli.tree(target).equals(newerShareTree) ? "ok: exact bytes (from the intact copy)"
                        : "WRONG: exit 0 with other bytes";
            }
        }
        Campaign.assertNoStackTrace(cell + " restore", r.out() + r.err());
        if (r.code() == 0) {
            boolean maria = cell.variant().kind() == Kind.MARIADB;
            String rows = maria ? mariaRows(RESTORED_DB) : rows(RESTORED_DB);
            return rows.equals(maria ? newerMariaRows : newerRows) ? "ok: exact rows (from the intact copy)"
                    : "WRONG: exit 0 with rows " + rows;
        }
        return (r.out() + r.err()).contains(cell.object()) ? "refused naming the object"
                : "WRONG: failed without naming " + cell.object() + ": " + (r.out() + r.err()).strip().replace('\n', ' ');
    }
}
