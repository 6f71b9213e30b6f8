package lifeboat.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import lifeboat.core.Lifeboat;
import lifeboat.core.catalog.BackupRecord;
import lifeboat.core.model.BackupKind;
import lifeboat.core.restore.RestoreResult;
import lifeboat.core.trial.LatestGood;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "restore", mixinStandardHelpOptions = true, description = "Restore a backup: files into a directory, a database dump into a database.")
final class RestoreCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Parameters(paramLabel = "ID|SOURCE", description = "A backup id, or a source (its latest good backup, the one"
            + " latest-good and recover take).")
    String what;

    @Option(names = "--at", paramLabel = "TIME", description = "With a source: the latest good backup started at"
            + " or before this ISO-8601 time, e.g. 2026-11-20T18:00:00Z.")
    String at;

    @Option(names = "--to", paramLabel = "DIR", description = "Directory to restore files into.")
    Path to;

    @Option(names = "--path", paramLabel = "GLOB", description = "Only paths matching this glob (and what is below them).")
    String path;

    @Option(names = "--force", description = "Restore over a non-empty directory or an existing database.")
    boolean force;

    @Option(names = "--delete", description = "Files: once the restore succeeded, remove what the target holds and the"
            + " backup does not (a mirror; with --path only below what it selects). Never follows symlinks.")
    boolean delete;

    @Option(names = "--to-db", paramLabel = "NAME", description = "Database to restore into (default: the source's).")
    String toDb;

    @Option(names = "--to-host", paramLabel = "HOST", description = "Database server to restore onto.")
    String toHost;

    @Option(names = "--to-port", paramLabel = "PORT", description = "Port of that server.")
    Integer toPort;

    @Option(names = "--to-user", paramLabel = "USER", description = "User on that server.")
    String toUser;

    @Override
    public Integer call() throws Exception {
        try (Lifeboat lb = global.open()) {
            BackupRecord b = resolve(lb);
            if (b == null) {
                return Main.FAILED;
            }
            if (b.kind() == BackupKind.DUMP && delete) {
                throw new IllegalArgumentException("--delete is for file backups; " + b.id() + " is a database dump");
            }
            if (b.kind() == BackupKind.DUMP) {
                Map<String, String> options = new LinkedHashMap<>();
                put(options, "toDb", toDb);
                put(options, "toHost", toHost);
                put(options, "toPort", toPort == null ? null : toPort.toString());
                put(options, "toUser", toUser);
                options.put("force", Boolean.toString(force));
                return report(lb.dumpRestorer().restore(b.id(), options, TerminalProgress.create(global.json)),
                        "dump parts");
            }
            if (toDb != null || toHost != null || toPort != null || toUser != null) {
                throw new IllegalArgumentException("backup " + b.id() + " of source '" + b.source() + "' holds"
                        + " files, not a database dump: restore it with --to DIR (--to-db, --to-host, --to-port and"
                        + " --to-user are for database backups)");
            }
            if (to == null) {
                throw new IllegalArgumentException("give --to DIR: the directory to restore into");
            }
            RestoreResult r = lb.restorer().restore(b.id(), to, path, force, delete, TerminalProgress.create(global.json));
            int code = report(r, "files");
            if (r.ok() && path != null && r.files() == 0) {
                // a mistyped glob must not look like a successful restore
                System.err.println("error: nothing in backup " + r.backup() + " matches --path '" + path + "'");
                return Main.FAILED;
            }
            return code;
        }
    }

    private static void put(Map<String, String> m, String k, String v) {
        if (v != null) {
            m.put(k, v);
        }
    }

    /** @param unit what {@link RestoreResult#files()} counts, for the text output */
    private int report(RestoreResult r, String unit) {
        if (global.json) {
            Output.json(r);
        } else {
            System.out.printf("%s %s into %s: %d %s, %s in %.1f s%n", r.ok() ? "restored" : "FAILED", r.backup(),
                    r.target(), r.files(), unit, Output.bytes(r.bytes()), r.durationMs() / 1000.0);
            r.notes().forEach(n -> System.out.println("  note: " + n));
            r.problems().forEach(p -> System.out.println("  problem: " + p));
        }
        return r.ok() ? Main.OK : Main.FAILED;
    }

    private BackupRecord resolve(Lifeboat lb) throws Exception {
        if (lb.sources().find(what).isPresent()) {
            Instant limit = null;
            if (at != null) {
                try {
                    limit = Instant.parse(at);
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("--at '" + at + "' is not an ISO-8601 time such as 2026-11-20T18:00:00Z");
                }
            }
            // the same choice as recover and latest-good: the newest good backup
            LatestGood g = lb.grader().latestGood(what, limit);
            if (g.id() == null) {
                System.err.println("error: source '" + what + "' has no good backup" + (limit == null ? ""
                        : " started at or before " + limit) + (g.skipped().isEmpty() ? " (no backups)" : ""));
                g.skipped().forEach(s -> System.err.printf("  passed over %s (%s): %s%n", s.id(), s.grade(), s.reason()));
                System.err.println("  verify it first (lifeboat verify " + what + " --mode full), or restore one backup"
                        + " by its id (lifeboat restore ID)");
                return null;
            }
            if (!global.json) {
                System.out.println("restoring " + g.id() + " (" + g.grade() + ", verified good on " + g.storage()
                        + "), the latest good backup of " + what);
            }
            return lb.inventory().backup(g.id()).orElseThrow();
        }
        if (at != null) {
            throw new IllegalArgumentException("--at applies to a source name, not a backup id");
        }
        return lb.inventory().backup(what).orElseThrow(() -> new IllegalArgumentException(
                "'" + what + "' is neither a backup id nor a configured source"));
    }
}
