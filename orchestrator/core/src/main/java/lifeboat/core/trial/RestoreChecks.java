package lifeboat.core.trial;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import lifeboat.core.catalog.BackupRecord;
import lifeboat.core.catalog.BackupStore;
import lifeboat.core.catalog.ObjectRecord;
import lifeboat.core.config.CheckSpec;
import lifeboat.core.config.CheckType;
import lifeboat.core.config.RestoreTestSpec;
import lifeboat.core.config.SourceConfig;
import lifeboat.core.plugins.Sources;
import lifeboat.core.plugins.Targets;
import lifeboat.core.repo.Json;
import lifeboat.core.repo.ManifestEntry;
import lifeboat.core.repo.ManifestReader;
import lifeboat.core.repo.ReadChain;
import lifeboat.core.repo.RepositoryLayout;
import lifeboat.core.repo.Sha256;
import lifeboat.core.repo.StoredObjects;
import lifeboat.spi.DumpSource;
import lifeboat.spi.Source;
import org.apache.commons.codec.binary.Hex;

/**
 * A source's restore tests (restore-tests/*.yaml), run against what a backup was restored into: a directory for a
 * share, a database for a database source. A source without declared tests still gets the checks that prove a
 * backup restores whole (every file's SHA-256 and the totals; row counts and schema). Used by trial restores and by
 * recoveries. Thread-safe: it keeps no state between calls.
 */
public final class RestoreChecks {
    private final Sources sources;
    private final Targets targets;
    private final BackupStore backups;
    private final Map<String, RestoreTestSpec> tests;

    /** @param tests the restore tests per source */
    public RestoreChecks(Sources sources, Targets targets, BackupStore backups, Map<String, RestoreTestSpec> tests) {
        this.sources = sources;
        this.targets = targets;
        this.backups = backups;
        this.tests = Map.copyOf(tests);
    }

    /** Whether a source has restore tests of its own (without them the default checks run). */
    public boolean hasTests(String source) {
        return tests.containsKey(source);
    }

    private List<CheckSpec> checksFor(SourceConfig sc, boolean database) {
        RestoreTestSpec spec = tests.get(sc.name());
        if (spec != null) {
            return spec.checks();
        }
        // no declared tests: still prove the backup restores whole
        return database
                ? List.of(new CheckSpec(CheckType.ROW_COUNTS_MATCH_BACKUP, "row-counts-match-backup", List.of(), null, null, null),
                        new CheckSpec(CheckType.SCHEMA_MATCHES_BACKUP, "schema-matches-backup", List.of(), null, null, null))
                : List.of(new CheckSpec(CheckType.FILES_MATCH_MANIFEST, "files-match-manifest", List.of(), null, null, null),
                        new CheckSpec(CheckType.TOTALS_MATCH_BACKUP, "totals-match-backup", List.of(), null, null, null));
    }

    /**
     * Runs a share's restore-tests checks (or, with none declared, files-match-manifest and totals-match-backup)
     * against a directory backup {@code b} was restored into; {@code storage} is the target it was read from.
     */
    public List<TrialResult.CheckResult> checkFiles(SourceConfig sc, BackupRecord b, Path dir, String storage)
            throws IOException, SQLException {
        List<TrialResult.CheckResult> checks = new ArrayList<>();
        for (CheckSpec c : checksFor(sc, false)) {
            checks.add(switch (c.type()) {
                case FILES_MATCH_MANIFEST -> filesMatchManifest(c, sc, b, dir, storage);
                case PATHS_PRESENT -> pathsPresent(c, dir);
                case TOTALS_MATCH_BACKUP -> totalsMatch(c, b, dir);
                default -> TrialResult.CheckResult.fail(c.name(), "not a check for file shares");
            });
        }
        return checks;
    }

    private TrialResult.CheckResult filesMatchManifest(CheckSpec c, SourceConfig sc, BackupRecord b, Path dir,
            String storage) throws IOException, SQLException {
        ObjectRecord manifest = StoredObjects.find(backups.objects(b.id()).stream()
                .filter(o -> o.storage().equals(storage)).toList(), ObjectRecord::key, RepositoryLayout.MANIFEST);
        String identity = sources.identity(sc.name(), storage);
        long checked = 0;
        List<String> bad = new ArrayList<>();
        byte[] buffer = new byte[1 << 20];
        try (ManifestReader m = new ManifestReader(ReadChain.content(targets.get(storage), manifest.key(),
                manifest.size(), manifest.sha256(), identity), manifest.key())) {
            for (ManifestEntry e = m.next(); e != null; e = m.next()) {
                if (!(e.isFile() || e.type().equals(ManifestEntry.HARDLINK)) || e.sha256() == null) {
                    continue;
                }
                checked++;
                Path p = dir.resolve(e.path());
                if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    bad.add(e.path() + " is missing");
                    continue;
                }
                MessageDigest d = Sha256.digest();
                try (InputStream in = Files.newInputStream(p)) {
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        d.update(buffer, 0, n);
                    }
                }
                if (!Hex.encodeHexString(d.digest()).equals(e.sha256())) {
                    bad.add(e.path() + " differs from the manifest");
                }
            }
        }
        return bad.isEmpty() ? TrialResult.CheckResult.pass(c.name(), checked + " files match their SHA-256")
                : TrialResult.CheckResult.fail(c.name(), bad.size() + " of " + checked + " files wrong: "
                        + String.join("; ", bad.subList(0, Math.min(5, bad.size()))));
    }

    private static TrialResult.CheckResult pathsPresent(CheckSpec c, Path dir) {
        List<String> missing = c.items().stream().filter(p -> !Files.exists(dir.resolve(p), LinkOption.NOFOLLOW_LINKS))
                .toList();
        return missing.isEmpty() ? TrialResult.CheckResult.pass(c.name(), "present: " + String.join(", ", c.items()))
                : TrialResult.CheckResult.fail(c.name(), "missing: " + String.join(", ", missing));
    }

    private static TrialResult.CheckResult totalsMatch(CheckSpec c, BackupRecord b, Path dir) throws IOException {
        long files = 0;
        long bytes = 0;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    files++;
                    bytes += Files.size(p);
                }
            }
        }
        String seen = files + " files, " + bytes + " bytes; the backup recorded " + b.files() + " files, " + b.bytes()
                + " bytes";
        return files == b.files() && bytes == b.bytes() ? TrialResult.CheckResult.pass(c.name(), seen)
                : TrialResult.CheckResult.fail(c.name(), seen);
    }

    /**
     * Runs a database's restore-tests checks (or, with none declared, row counts and schema against the backup's
     * fingerprint) against the database named by {@code where}'s {@code toDb} (on {@code toHost/toPort/toUser}
     * when given) that backup {@code b} was restored into; adds them to {@code checks} and returns the rows seen.
     */
    public long checkDatabase(SourceConfig sc, BackupRecord b, Map<String, String> where,
            List<TrialResult.CheckResult> checks) throws IOException, SQLException {
        Map<String, Object> backupDb = backupFingerprint(b);
        String scratch = where.get("toDb");
        long rows;
        try (Source source = sources.open(sc)) {
            DumpSource dump = (DumpSource) source;
            Map<String, Object> restored = database(dump.fingerprint(where), scratch);
            Map<String, Object> restoredTables = tables(restored);
            rows = restoredTables.values().stream().mapToLong(v -> ((Number) v).longValue()).sum();
            for (CheckSpec c : checksFor(sc, true)) {
                checks.add(switch (c.type()) {
                    case ROW_COUNTS_MATCH_BACKUP -> rowCounts(c, tables(backupDb), restoredTables);
                    case SCHEMA_MATCHES_BACKUP -> String.valueOf(backupDb.get("schemaHash"))
                            .equals(String.valueOf(restored.get("schemaHash")))
                            ? TrialResult.CheckResult.pass(c.name(), "schema hash " + restored.get("schemaHash"))
                            : TrialResult.CheckResult.fail(c.name(), "schema hash " + restored.get("schemaHash")
                                    + ", the backup recorded " + backupDb.get("schemaHash"));
                    case TABLES_PRESENT -> present(c, restoredTables.keySet().stream().toList(), "tables");
                    case VIEWS_PRESENT -> catalogObjects(c, dump, where, scratch, sc.type(),
                            "select table_schema, table_name from information_schema.views", "views");
                    case FUNCTIONS_PRESENT -> catalogObjects(c, dump, where, scratch, sc.type(),
                            "select routine_schema, routine_name from information_schema.routines", "functions");
                    case SQL -> sql(c, dump, where);
                    default -> TrialResult.CheckResult.fail(c.name(), "not a check for databases");
                });
            }
        }
        return rows;
    }

    /**
     * Runs a source's declared restore tests against the live system (the functional testing of a monitoring
     * window, crash policy section 5): tables, views, functions and queries in a database source's own database,
     * paths under a share's {@code path}. Checks that compare with a backup (row counts, schema, manifest, totals)
     * say nothing about a live system and are left out; a source without declared tests has no live checks.
     */
    public List<TrialResult.CheckResult> checkLive(SourceConfig sc) throws IOException {
        RestoreTestSpec spec = tests.get(sc.name());
        List<CheckSpec> live = spec == null ? List.of() : spec.checks().stream().filter(c -> switch (c.type()) {
            case TABLES_PRESENT, VIEWS_PRESENT, FUNCTIONS_PRESENT, SQL, PATHS_PRESENT -> true;
            default -> false;
        }).toList();
        List<TrialResult.CheckResult> checks = new ArrayList<>();
        if (live.isEmpty()) {
            return checks;
        }
        try (Source source = sources.open(sc)) {
            Map<String, String> own = Map.of();
            String database = sc.settings().string("database").orElse(null);
            for (CheckSpec c : live) {
                if (source instanceof DumpSource dump) {
                    checks.add(switch (c.type()) {
                        case TABLES_PRESENT -> liveTables(c, dump);
                        case VIEWS_PRESENT -> catalogObjects(c, dump, own, database, sc.type(),
                                "select table_schema, table_name from information_schema.views", "views");
                        case FUNCTIONS_PRESENT -> catalogObjects(c, dump, own, database, sc.type(),
                                "select routine_schema, routine_name from information_schema.routines", "functions");
                        case SQL -> sql(c, dump, own);
                        default -> TrialResult.CheckResult.fail(c.name(), "not a check for databases");
                    });
                } else if (c.type() == CheckType.PATHS_PRESENT && sc.settings().path("path").isPresent()) {
                    checks.add(pathsPresent(c, sc.settings().path("path").get()));
                } else {
                    checks.add(TrialResult.CheckResult.fail(c.name(), "cannot be checked on the live " + sc.type()
                            + " source"));
                }
            }
        }
        return checks;
    }

    @SuppressWarnings("unchecked")
    private static TrialResult.CheckResult liveTables(CheckSpec c, DumpSource dump) {
        try {
            Map<String, Object> dbs = (Map<String, Object>) dump.fingerprint(Map.of()).get("databases");
            List<String> names = new ArrayList<>();
            if (dbs != null) {
                dbs.values().forEach(db -> names.addAll(tables((Map<String, Object>) db).keySet()));
            }
            return present(c, names, "tables");
        } catch (IOException | RuntimeException e) {
            return TrialResult.CheckResult.fail(c.name(), e.getMessage());
        }
    }

    /** The name of the one database a dump backup holds, from its recorded fingerprint. */
    @SuppressWarnings("unchecked")
    public static String backupDatabaseName(BackupRecord b) throws IOException {
        Map<String, Object> details = b.details() == null ? Map.of() : Json.MAPPER.readValue(b.details(), Map.class);
        Map<String, Object> fp = (Map<String, Object>) details.get("fingerprint");
        Map<String, Object> dbs = fp == null ? null : (Map<String, Object>) fp.get("databases");
        if (dbs == null || dbs.size() != 1) {
            throw new IOException("backup " + b.id() + " holds " + (dbs == null ? "no" : dbs.size())
                    + " database fingerprints; recovery restores backups of one database");
        }
        return dbs.keySet().iterator().next();
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> backupFingerprint(BackupRecord b) throws IOException {
        Map<String, Object> details = b.details() == null ? Map.of() : Json.MAPPER.readValue(b.details(), Map.class);
        Map<String, Object> fp = (Map<String, Object>) details.get("fingerprint");
        Map<String, Object> dbs = fp == null ? null : (Map<String, Object>) fp.get("databases");
        if (dbs == null || dbs.size() != 1) {
            throw new IOException("backup " + b.id() + " holds " + (dbs == null ? "no" : dbs.size())
                    + " database fingerprints; trial restores take backups of one database");
        }
        return (Map<String, Object>) dbs.values().iterator().next();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> database(Map<String, Object> fingerprint, String db) throws IOException {
        Map<String, Object> dbs = (Map<String, Object>) fingerprint.get("databases");
        if (dbs == null || !dbs.containsKey(db)) {
            throw new IOException("no fingerprint of the scratch database " + db);
        }
        return (Map<String, Object>) dbs.get(db);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> tables(Map<String, Object> db) {
        Object t = db.get("tables");
        return t == null ? Map.of() : (Map<String, Object>) t;
    }

    private static TrialResult.CheckResult rowCounts(CheckSpec c, Map<String, Object> expected, Map<String, Object> actual) {
        List<String> diffs = new ArrayList<>();
        for (var e : expected.entrySet()) {
            Object got = actual.get(e.getKey());
            if (got == null) {
                diffs.add(e.getKey() + " missing");
            } else if (((Number) got).longValue() != ((Number) e.getValue()).longValue()) {
                diffs.add(e.getKey() + " has " + got + " rows, the backup had " + e.getValue());
            }
        }
        actual.keySet().stream().filter(k -> !expected.containsKey(k)).forEach(k -> diffs.add(k + " was not in the backup"));
        return diffs.isEmpty() ? TrialResult.CheckResult.pass(c.name(), expected.size() + " tables, row counts equal")
                : TrialResult.CheckResult.fail(c.name(), String.join("; ", diffs.subList(0, Math.min(5, diffs.size()))));
    }

    private static TrialResult.CheckResult present(CheckSpec c, List<String> names, String what) {
        List<String> missing = new ArrayList<>();
        for (String want : c.items()) {
            boolean found = names.stream().anyMatch(n -> n.equals(want) || n.endsWith("." + want));
            if (!found) {
                missing.add(want);
            }
        }
        return missing.isEmpty() ? TrialResult.CheckResult.pass(c.name(), what + " present: " + String.join(", ", c.items()))
                : TrialResult.CheckResult.fail(c.name(), what + " missing: " + String.join(", ", missing));
    }

    private static final List<String> SYSTEM_SCHEMAS = List.of("pg_catalog", "information_schema", "mysql",
            "performance_schema", "sys");

    private static TrialResult.CheckResult catalogObjects(CheckSpec c, DumpSource dump, Map<String, String> where,
            String scratch, String sourceType, String sql, String what) {
        try {
            List<String> names = new ArrayList<>();
            for (List<String> row : dump.query(where, sql)) {
                String schema = row.get(0);
                // MariaDB lists every database's objects; PostgreSQL only this database's, under their schemas
                if (schema != null && !SYSTEM_SCHEMAS.contains(schema)
                        && (schema.equals(scratch) || !sourceType.equals("mariadb"))) {
                    names.add(schema + "." + row.get(1));
                }
            }
            return present(c, names, what);
        } catch (IOException | RuntimeException e) {
            return TrialResult.CheckResult.fail(c.name(), e.getMessage());
        }
    }

    private static TrialResult.CheckResult sql(CheckSpec c, DumpSource dump, Map<String, String> where) {
        try {
            List<List<String>> rows = dump.query(where, c.query());
            String first = rows.isEmpty() || rows.get(0).isEmpty() ? null : rows.get(0).get(0);
            List<String> wrong = new ArrayList<>();
            if (c.expect() != null && !c.expect().test(first)) {
                wrong.add("returned " + first + ", expected " + c.expect());
            }
            if (c.expectRows() != null && !c.expectRows().test(Integer.toString(rows.size()))) {
                wrong.add(rows.size() + " rows, expected " + c.expectRows());
            }
            return wrong.isEmpty() ? TrialResult.CheckResult.pass(c.name(), "returned " + first + " (" + rows.size() + " rows)")
                    : TrialResult.CheckResult.fail(c.name(), String.join("; ", wrong));
        } catch (IOException | RuntimeException e) {
            return TrialResult.CheckResult.fail(c.name(), "query failed: " + e.getMessage());
        }
    }
}
