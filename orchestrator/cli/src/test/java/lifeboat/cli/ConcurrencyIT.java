package lifeboat.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The concurrency matrix of issue 13: random overlaps of separate Lifeboat processes on one H2 catalog (daemon start
 * and stop, backups of the same and of different sources, list, restore, verify). Every process must exit with its
 * expected code and print no raw H2 error; a backup of a source that is busy (its backup, restore or verify) is refused
 * by name and raises no alert, while restore and verify wait for the source; no backup stays 'running'. 30 rounds in
 * the normal suite, 200 with {@code -Dlifeboat.campaign=full}.
 */
class ConcurrencyIT {
    /** What a raw catalog error looks like in any output: H2's messages and codes, its classes, a stack trace. */
    private static final Pattern RAW = Pattern.compile("Database is already closed|has been closed|Locked by another"
            + "|\\[9\\d{4}-|org\\.h2\\.|JdbcSQL|\\tat |Exception in thread");
    private static final Pattern REFUSED = Pattern.compile(
            "refused (share|docs): a (backup|restore|verify|run) of \\1 is already running( \\((job [\\w-]+, )?pid \\d+,"
                    + " since [0-9T:Z-]+\\))?"); // "a run": its holder had not yet written who it is

    @TempDir
    Path dir;

    final List<Process> processes = new ArrayList<>();

    @AfterEach
    void kill() throws InterruptedException {
        for (Process p : processes) {
            if (p.isAlive()) {
                p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private enum Op { DAEMON, BACKUP_SHARE, BACKUP_DOCS, LIST, RESTORE, VERIFY }

    /** One started process and what it must end with. */
    private record Run(Op op, Process process, Path out, Path err) {
    }

    @Test
    void randomOverlapsOfProcesses_neverFail() throws Exception {
        int rounds = "full".equals(System.getProperty("lifeboat.campaign")) ? 200 : 8;
        Path config = Cli.install(dir, "scheduler:\n  shutdownGrace: 60s\n");
        Files.writeString(config, Files.readString(config) + """
                  - name: docs
                    type: files
                    path: ./docs
                    storage: [local]
                """);
        Cli.share(dir.resolve("share"));
        Cli.write(dir.resolve("docs"), "protokolle/konferenz.txt", "Konferenz am Montag\n");
        Files.createDirectories(dir.resolve("schedules"));
        // the daemon backs up share every 2 s, so its jobs and the backups by hand meet on the source's lock
        Files.writeString(dir.resolve("schedules/test.yaml"), """
                timezone: Europe/London
                jobs:
                  - name: every-2s
                    action: backup
                    sources: [share]
                    cron: "*/2 * * * * ?"
                """);
        Cli.Result first = Cli.on(config, "backup", "--all");
        assertThat(first.code()).as(first.toString()).isZero();
        // restore SOURCE takes the latest good backup: a fully verified one
        Cli.Result verified = Cli.on(config, "verify", "--all", "--mode", "full");
        assertThat(verified.code()).as(verified.toString()).isZero();

        Random random = new Random(Long.getLong("lifeboat.campaign.seed", 13));
        int processCount = 0;
        int refused = 0;
        List<String> failures = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            List<Op> ops = new ArrayList<>();
            int n = 2 + random.nextInt(3);
            for (int i = 0; i < n; i++) {
                Op op = Op.values()[random.nextInt(Op.values().length)];
                if (op == Op.DAEMON && ops.contains(Op.DAEMON)) {
                    op = Op.BACKUP_SHARE; // one daemon per catalog; a second is refused by design, tested elsewhere
                }
                ops.add(op);
            }
            List<Run> runs = new ArrayList<>();
            for (int i = 0; i < ops.size(); i++) {
                Thread.sleep(random.nextInt(300)); // the overlap's offset, random by design (not waiting for anything)
                runs.add(start(config, ops.get(i), round + "-" + i));
            }
            for (Run r : runs) {
                if (r.op() == Op.DAEMON) {
                    await().atMost(Duration.ofSeconds(120)).until(() -> !r.process().isAlive()
                            || Files.readString(r.err()).contains("started: catalog"));
                    Thread.sleep(random.nextInt(1500)); // let it run a random while, jobs included
                    r.process().destroy(); // SIGTERM
                }
            }
            for (Run r : runs) {
                processCount++;
                if (!r.process().waitFor(180, TimeUnit.SECONDS)) {
                    failures.add(r.op() + " round " + round + " did not end");
                    continue;
                }
                String out = Files.readString(r.out());
                String err = Files.readString(r.err());
                int code = r.process().exitValue();
                boolean isRefused = (r.op() == Op.BACKUP_SHARE || r.op() == Op.BACKUP_DOCS) && code == 1
                        && REFUSED.matcher(out).find();
                refused += isRefused ? 1 : 0;
                if (code != 0 && !isRefused) {
                    failures.add(r.op() + " round " + round + " exit " + code + "\n" + out + err);
                } else if (RAW.matcher(out + err).find()) {
                    failures.add(r.op() + " round " + round + " printed a raw catalog error\n" + out + err);
                }
            }
        }
        System.out.printf("concurrency matrix: %d rounds, %d processes, %d backups refused as already running,"
                + " %d failures%n", rounds, processCount, refused, failures.size());
        assertThat(failures).as("failed processes").isEmpty();

        JsonNode list = Cli.on(config, "list", "--json").json();
        assertThat(list).isNotEmpty().allSatisfy(b -> assertThat(b.get("status").asText()).isEqualTo("complete"));
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("var/catalog"));
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select count(*) from events where type = 'backup-failed'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("backup-failed alerts").isZero();
        }
    }

    private Run start(Path config, Op op, String name) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-jar", KillNineIT.jar().toString(), "--config", config.toString()));
        cmd.addAll(switch (op) {
            case DAEMON -> List.of("daemon", "--no-web");
            case BACKUP_SHARE -> List.of("backup", "share");
            case BACKUP_DOCS -> List.of("backup", "docs");
            case LIST -> List.of("list");
            case RESTORE -> List.of("restore", "share", "--to", dir.resolve("restored/" + name).toString());
            case VERIFY -> List.of("verify", "docs");
        });
        Path out = dir.resolve("p-" + name + ".out");
        Path err = dir.resolve("p-" + name + ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        processes.add(p);
        return new Run(op, p, out, err);
    }
}
