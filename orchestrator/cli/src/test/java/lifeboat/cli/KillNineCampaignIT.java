package lifeboat.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault campaign, kill -9: the CLI in its own JVM (as {@link KillNineIT} runs it) is killed at seeded random instants
 * in backup, copy, verify, restore and recover of a generated share. After each kill: every backup the catalog calls
 * complete passes a full verify on every copy (0 false completes), every earlier good backup is still there and
 * restores its exact bytes (0 lost), and the same command run again succeeds. Bounded: 8 kills; full
 * ({@code -Dlifeboat.campaign=full}): 60.
 */
class KillNineCampaignIT {
    enum Op { BACKUP, COPY, VERIFY, RESTORE, RECOVER }

    @TempDir
    Path dir;
    Path config;
    Path share;
    Process child;
    /** backup id to the share's tree when it was taken */
    final Map<String, Map<String, String>> good = new LinkedHashMap<>();
    final List<String> violations = new ArrayList<>();

    @AfterEach
    void killChild() throws InterruptedException {
        if (child != null && child.isAlive()) {
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void killedAtRandomInstants_noFalseComplete_noLostBytes_andTheNextRunSucceeds() throws Exception {
        long seed = Campaign.seed("kill-9");
        Random random = new Random(seed);
        int kills = Campaign.scale(5, 60);
        share = dir.resolve("share");
        Campaign.share(share, seed, 200, 8);
        config = Files.writeString(dir.resolve("lifeboat.yaml"), Cli.twoTargets("[local]") + """
                recoveryPlans:
                  crash:
                    groups:
                      - priority: 1
                        sources:
                          - name: share
                            to: ./recovered
                """);
        backUp();
        Cli.Result trial = Cli.on(config, "trial-restore", "share", "--json");
        assertThat(trial.code()).as(trial.toString()).isZero();

        Op[] ops = Op.values();
        int start = random.nextInt(ops.length);
        int landed = 0;
        int falseCompletes = 0;
        int lost = 0;
        int nextRunFailed = 0;
        // a command that ends before its kill shrinks its window, so the kills land inside runs on fast and slow machines
        Map<Op, Long> window = new java.util.EnumMap<>(Op.class);
        for (Op op : ops) {
            window.put(op, 10_000L);
        }
        int attempts = 0;
        for (int k = 0; landed < kills && k < 3 * kills; k++) {
            attempts++;
            Op op = ops[(start + landed) % ops.length];
            if (op == Op.BACKUP) {
                change(random, k);
            }
            long roundStart = System.nanoTime();
            long delay = (long) (random.nextDouble() * window.get(op));
            long started = System.currentTimeMillis();
            child = KillNineIT.start(dir, "kill-" + k, List.of("-Dlifeboat.zstd.level=19", "-Dlifeboat.zstd.workers=1"),
                    config, args(op, k).toArray(String[]::new));
            // the instant is counted from when the child has the catalog open (H2 writes its lock file; a killed
            // process leaves an old one behind), past the JVM's start
            Process running = child;
            Path lock = dir.resolve("var/catalog.lock.db");
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(10)).until(() -> !running.isAlive()
                    || Files.exists(lock) && Files.getLastModifiedTime(lock).toMillis() >= started);
            long opened = System.nanoTime();
            boolean killed = !child.waitFor(delay, TimeUnit.MILLISECONDS);
            if (killed) {
                child.destroyForcibly();
                landed++;
            } else {
                // the next window is at most as long as this run lasted, so a kill in it lands inside a like run
                long ranFor = (System.nanoTime() - opened) / 1_000_000;
                window.put(op, Math.max(200, Math.min(window.get(op) / 2, ranFor)));
            }
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            System.out.println("campaign kill-9: " + k + " " + op + " " + delay + " ms after it opened the catalog: "
                    + (killed ? "killed" : "had ended, exit " + child.exitValue()) + "; it had logged "
                    + Files.readString(dir.resolve("kill-" + k + ".err")).lines().count() + " line(s)");
            if (!killed) {
                Campaign.assertNoStackTrace(op + " child", Files.readString(dir.resolve("kill-" + k + ".err")));
            }

            falseCompletes += everyCompleteBackupVerifies("after kill " + k + " in " + op);
            lost += earlierGoodBackupsAreThere("after kill " + k + " in " + op);
            nextRunFailed += nextRunSucceeds(op, k) ? 0 : 1;
            System.out.println("campaign kill-9: round " + k + " took " + (System.nanoTime() - roundStart) / 1_000_000 + " ms");
        }
        for (Map.Entry<String, Map<String, String>> e : good.entrySet()) {
            Path out = dir.resolve("final-" + e.getKey());
            Cli.Result r = Cli.on(config, "restore", e.getKey(), "--to", out.toString());
            if (r.code() != 0 || !Cli.tree(out).equals(e.getValue())) {
                lost++;
                violations.add("good backup " + e.getKey() + " no longer restores its bytes: " + r);
            }
        }
        Campaign.count("kill-9", "kills " + landed + " (" + attempts + " attempts), false completes " + falseCompletes
                + ", good backups lost " + lost + " of " + good.size() + ", next runs failed " + nextRunFailed);
        assertThat(violations).isEmpty();
        assertThat(landed).as("kills that landed inside a run, of " + attempts + " attempts").isEqualTo(kills);
    }

    private List<String> args(Op op, int k) {
        return switch (op) {
            case BACKUP -> List.of("backup", "share");
            case COPY -> List.of("copy", "--from", "local", "--to", "offsite");
            case VERIFY -> List.of("verify", "share", "--mode", "full");
            case RESTORE -> List.of("restore", "share", "--to", dir.resolve("restored-" + k).toString(), "--force");
            case RECOVER -> List.of("recover", "--plan", "crash", "--yes", "--json");
        };
    }

    private void change(Random random, int k) throws Exception {
        Cli.write(share, "class-" + random.nextInt(7) + "/new-" + k + ".txt", "written before kill " + k + "\n");
        byte[] noise = new byte[2 << 20];
        random.nextBytes(noise);
        Files.write(Files.createDirectories(share.resolve("media")).resolve("changed-" + (k % 3) + ".bin"), noise);
    }

    private String backUp() throws Exception {
        Map<String, String> tree = Cli.tree(share);
        Cli.Result b = Cli.on(config, "backup", "share", "--json");
        assertThat(b.code()).as(b.toString()).isZero();
        assertThat(b.json().get("status").asText()).isEqualTo("complete");
        String id = b.json().get("id").asText();
        good.put(id, tree);
        return id;
    }

    /** The number of copies the catalog calls complete that a full verify does not pass. */
    private int everyCompleteBackupVerifies(String when) throws Exception {
        Cli.Result list = Cli.on(config, "list", "--json");
        if (list.code() != 0) {
            violations.add(when + ": list failed: " + list);
            return 0;
        }
        int bad = 0;
        for (JsonNode b : list.json()) {
            for (String[] copy : copies(b)) {
                if (!copy[1].startsWith("complete")) {
                    continue;
                }
                String target = copy[0];
                Cli.Result v = Cli.on(config, "verify", b.get("id").asText(), "--mode", "full", "--target", target);
                if (v.code() != 0) {
                    bad++;
                    violations.add(when + ": " + b.get("id").asText() + " on " + target + " claims complete but is not whole: " + v);
                }
            }
        }
        return bad;
    }

    /** {target, status} of each copy: "local:complete" as list prints it, or an object with storage and status. */
    private static List<String[]> copies(JsonNode backup) {
        List<String[]> out = new ArrayList<>();
        for (JsonNode c : backup.path("copies")) {
            if (c.isTextual()) {
                int colon = c.asText().indexOf(':');
                out.add(new String[] {c.asText().substring(0, colon), c.asText().substring(colon + 1)});
            } else {
                out.add(new String[] {c.path("storage").asText(c.path("target").asText()), c.path("status").asText()});
            }
        }
        return out;
    }

    private int earlierGoodBackupsAreThere(String when) throws Exception {
        JsonNode list = Cli.on(config, "list", "--json").json();
        int missing = 0;
        for (String id : good.keySet()) {
            boolean complete = false;
            for (JsonNode b : list) {
                complete |= b.get("id").asText().equals(id) && "complete".equals(b.get("status").asText());
            }
            if (!complete) {
                missing++;
                violations.add(when + ": good backup " + id + " is no longer complete");
            }
        }
        return missing;
    }

    private boolean nextRunSucceeds(Op op, int k) throws Exception {
        String when = "run after kill " + k + " in " + op;
        switch (op) {
            case BACKUP -> backUp();
            case COPY, VERIFY -> {
                Cli.Result r = Cli.on(config, args(op, k).toArray(String[]::new));
                if (r.code() != 0) {
                    violations.add(when + ": " + r);
                    return false;
                }
            }
            case RESTORE -> {
                Cli.Result r = Cli.on(config, args(op, k).toArray(String[]::new));
                String id = latestComplete();
                if (r.code() != 0 || !Cli.tree(dir.resolve("restored-" + k)).equals(good.get(id))) {
                    violations.add(when + ": restore of " + id + " did not give its bytes: " + r);
                    return false;
                }
            }
            case RECOVER -> {
                Cli.Result r = Cli.on(config, args(op, k).toArray(String[]::new));
                if (r.code() != 0) {
                    violations.add(when + ": " + r);
                    return false;
                }
                String id = r.json().get("steps").get(0).get("backup").asText();
                if (!Cli.tree(dir.resolve("recovered")).equals(good.get(id))) {
                    violations.add(when + ": recovered tree is not backup " + id);
                    return false;
                }
            }
        }
        return true;
    }

    private String latestComplete() throws Exception {
        String id = null;
        for (JsonNode b : Cli.on(config, "list", "share", "--json").json()) {
            if ("complete".equals(b.get("status").asText())) {
                id = b.get("id").asText();
            }
        }
        return id;
    }
}
