import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import lifeboat.core.audit.Actor;
import lifeboat.core.audit.AuditEvent;
import lifeboat.core.audit.AuditLog;
import lifeboat.core.audit.AuditType;
import lifeboat.core.audit.Canonical;
import lifeboat.core.audit.ChainCheck;
import lifeboat.core.catalog.AuditStore;
import lifeboat.core.catalog.Database;

/**
 * The audit bench's Java half, run as a single-file program with the CLI's jar on the class path (see
 * audit-bench.sh). Modes:
 *   write N URL         append N events through AuditLog (one transaction each); prints microseconds per event
 *   generate N URL      writes N chained entries straight into the catalog (batched); no AuditLog involved
 *   check URL           ChainCheck over the whole catalog in this JVM; prints entries and milliseconds
 *   history S D URL     S sources x D days of backups (a failure every 30th, no backup every 45th), copies,
 *                       verifications (a failed one every 20th, fixed 3 hours later) and trial restores (weekly)
 */
public class AuditBench {
    public static void main(String[] a) throws Exception {
        switch (a[0]) {
            case "write" -> write(Integer.parseInt(a[1]), a[2]);
            case "generate" -> generate(Integer.parseInt(a[1]), a[2]);
            case "check" -> check(a[1]);
            case "history" -> history(Integer.parseInt(a[1]), Integer.parseInt(a[2]), a[3]);
            default -> throw new IllegalArgumentException("mode: write | generate | check | history");
        }
    }

    static void write(int n, String url) throws Exception {
        try (Database db = Database.open(url)) {
            AuditLog log = AuditLog.inCatalog(new AuditStore(db), Clock.systemUTC());
            Actor actor = Actor.daemon("bench");
            for (int i = 0; i < 200; i++) { // warm-up
                log.append(actor, AuditEvent.of(AuditType.NOTIFICATION_SENT, "warm", "i", i));
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                log.append(actor, AuditEvent.of(AuditType.BACKUP_FINISHED, "src" + (i % 20), "backup", "b" + i,
                        "status", "complete", "objects", java.util.List.of(java.util.List.of("local", "k" + i, 1234,
                                Canonical.sha256("x" + i)))));
            }
            long ns = System.nanoTime() - t0;
            System.out.printf("write\t%d\t%.1f%n", n, ns / 1000.0 / n);
        }
    }

    static void generate(int n, String url) throws Exception {
        Database.open(url).close(); // schema up to date
        Actor actor = new Actor(Actor.Kind.DAEMON, "bench", "bench", "benchhost");
        Map<String, Object> actorMap = new LinkedHashMap<>();
        actorMap.put("kind", "daemon");
        actorMap.put("name", "bench");
        actorMap.put("user", "bench");
        actorMap.put("host", "benchhost");
        Instant start = Instant.parse("2025-01-01T00:00:00Z");
        try (Connection c = DriverManager.getConnection(Database.effectiveUrl(url))) {
            c.setAutoCommit(false);
            String prev = Canonical.GENESIS;
            try (PreparedStatement ps = c.prepareStatement("insert into audit_log (seq, at, type, source, actor,"
                    + " entry, hash) values (?, ?, ?, ?, ?, ?, ?)")) {
                for (long seq = 1; seq <= n; seq++) {
                    Instant at = start.plusMillis(seq * 30_000).truncatedTo(ChronoUnit.MICROS);
                    String source = "src" + (seq % 20);
                    Map<String, Object> event = new LinkedHashMap<>();
                    event.put("backup", "b" + seq);
                    event.put("status", "complete");
                    event.put("objects", java.util.List.of(java.util.List.of("local", "k" + seq, 1234,
                            "ab".repeat(32))));
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("seq", seq);
                    m.put("at", at.toString());
                    m.put("actor", actorMap);
                    m.put("type", "backup-finished");
                    m.put("source", source);
                    m.put("event", event);
                    m.put("prev", prev);
                    String json = Canonical.json(m);
                    String hash = Canonical.sha256(json);
                    ps.setLong(1, seq);
                    ps.setTimestamp(2, Timestamp.from(at));
                    ps.setString(3, "backup-finished");
                    ps.setString(4, source);
                    ps.setString(5, actor.label());
                    ps.setString(6, json);
                    ps.setString(7, hash);
                    ps.addBatch();
                    prev = hash;
                    if (seq % 10_000 == 0) {
                        ps.executeBatch();
                        c.commit();
                    }
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("update audit_head set seq = ?, hash = ? where id = 1")) {
                ps.setLong(1, n);
                ps.setString(2, prev);
                ps.executeUpdate();
            }
            c.commit();
        }
        System.out.printf("generated\t%d%n", n);
    }

    static void check(String url) throws Exception {
        try (Database db = Database.open(url)) {
            long t0 = System.nanoTime();
            ChainCheck.Result r = new ChainCheck(new AuditStore(db)).check();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("check\t%d\t%d\t%s%n", r.entries(), ms, r.intact() ? "intact"
                    : r.firstBreak().orElseThrow().describe());
        }
    }

    static void history(int sources, int days, String url) throws Exception {
        Database.open(url).close();
        Instant first = Instant.parse("2025-01-01T01:00:00Z");
        try (Connection c = DriverManager.getConnection(Database.effectiveUrl(url));
                PreparedStatement b = c.prepareStatement("insert into backups (id, source, source_type, kind, level,"
                        + " full_id, status, started_at, finished_at, files, bytes, stored_bytes, owner, error, details)"
                        + " values (?, ?, 'files', 'files', 'full', ?, ?, ?, ?, 100, 100000, 50000, 'bench:1', ?, '{}')");
                PreparedStatement cp = c.prepareStatement("insert into backup_copies (backup_id, storage, status,"
                        + " committed_at) values (?, 'local', 'complete', ?)");
                PreparedStatement v = c.prepareStatement("insert into verifications (backup_id, storage, mode, status,"
                        + " started_at, finished_at, objects_checked, files_checked, bytes_read, findings)"
                        + " values (?, 'local', 'full', ?, ?, ?, 4, 100, 50000, ?)");
                PreparedStatement t = c.prepareStatement("insert into trial_restores (backup_id, source, status,"
                        + " scratch, owner, started_at, finished_at, duration_ms) values (?, ?, 'passed', '/tmp',"
                        + " 'bench:1', ?, ?, 1000)");
                Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            int n = 0;
            for (int s = 1; s <= sources; s++) {
                for (int d = 0; d < days; d++) {
                    n++;
                    if (n % 45 == 0) {
                        continue; // no backup that day
                    }
                    Instant at = first.plus(d, ChronoUnit.DAYS);
                    String id = "src" + s + "-" + d;
                    boolean failed = n % 30 == 0;
                    b.setString(1, id);
                    b.setString(2, "src" + s);
                    b.setString(3, id);
                    b.setString(4, failed ? "failed" : "complete");
                    b.setTimestamp(5, Timestamp.from(at));
                    b.setTimestamp(6, Timestamp.from(at.plusSeconds(600)));
                    b.setString(7, failed ? "disk full" : null);
                    b.addBatch();
                    if (failed) {
                        continue;
                    }
                    cp.setString(1, id);
                    cp.setTimestamp(2, Timestamp.from(at.plusSeconds(600)));
                    cp.addBatch();
                    boolean badVerify = n % 20 == 0;
                    addVerification(v, id, badVerify ? "failed" : "ok", at.plusSeconds(3600), badVerify ? 1 : 0);
                    if (badVerify) {
                        addVerification(v, id, "ok", at.plusSeconds(3 * 3600), 0);
                    }
                    if (d % 7 == 0) {
                        t.setString(1, id);
                        t.setString(2, "src" + s);
                        t.setTimestamp(3, Timestamp.from(at.plusSeconds(7200)));
                        t.setTimestamp(4, Timestamp.from(at.plusSeconds(7300)));
                        t.addBatch();
                    }
                }
                b.executeBatch();
                cp.executeBatch();
                v.executeBatch();
                t.executeBatch();
            }
            c.commit();
            System.out.printf("history\t%d sources x %d days%n", sources, days);
        }
    }

    private static void addVerification(PreparedStatement v, String id, String status, Instant at, int findings)
            throws Exception {
        v.setString(1, id);
        v.setString(2, status);
        v.setTimestamp(3, Timestamp.from(at));
        v.setTimestamp(4, Timestamp.from(at.plusSeconds(60)));
        v.setInt(5, findings);
        v.addBatch();
    }
}
