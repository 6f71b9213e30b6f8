package lifeboat.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lifeboat.core.Lifeboat;
import lifeboat.core.catalog.BackupRecord;
import lifeboat.core.catalog.BackupStore;
import lifeboat.core.catalog.CopyRecord;
import lifeboat.core.catalog.Database;
import lifeboat.core.catalog.ObjectRecord;
import lifeboat.core.catalog.VerificationRecord;
import lifeboat.core.catalog.VerificationStore;
import lifeboat.core.config.ConfigLoader;
import lifeboat.core.model.BackupKind;
import lifeboat.core.model.BackupStatus;
import lifeboat.core.model.CopyStatus;
import lifeboat.core.model.Level;
import lifeboat.core.model.Role;
import lifeboat.core.model.VerifyMode;
import lifeboat.core.model.VerifyStatus;
import lifeboat.core.plugins.PluginRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Page weight and server time of the dashboard with 100 sources and 10,000 backups (a generated catalog). A
 * measurement, not a CI test: run with {@code -Dlifeboat.bench=true}.
 */
@EnabledIfSystemProperty(named = "lifeboat.bench", matches = "true")
class DashboardScaleTest {
    @TempDir
    Path dir;

    @Test
    void dashboardWith100SourcesAnd10000Backups() throws Exception {
        StringBuilder yaml = new StringBuilder("dataDir: ./var\nstorage:\n  - {name: local, type: local, path: ./repo}\n"
                + "sources:\n");
        for (int s = 0; s < 100; s++) {
            yaml.append("  - {name: share-").append(s).append(", type: files, path: ./share, storage: [local], rpo: 1d}\n");
        }
        yaml.append("web:\n  listen: 127.0.0.1:0\n");
        Files.createDirectories(dir.resolve("share"));
        Files.writeString(dir.resolve("lifeboat.yaml"), yaml);
        PluginRegistry plugins = PluginRegistry.load();
        var config = new ConfigLoader(plugins, Map.<String, String>of()::get).load(dir.resolve("lifeboat.yaml"));
        Files.createDirectories(config.dataDir());
        long t0 = System.nanoTime();
        Instant start = Instant.now().minus(Duration.ofDays(100));
        try (Database db = Database.open(config.catalogUrl())) {
            BackupStore backups = new BackupStore(db);
            VerificationStore verifications = new VerificationStore(db, backups);
            for (int s = 0; s < 100; s++) {
                String source = "share-" + s;
                for (int b = 0; b < 100; b++) {
                    Instant at = start.plus(Duration.ofHours(24L * b)).plusSeconds(s);
                    String id = String.format("%s-%03d-%03d", at.toString().substring(0, 10).replace("-", ""), s, b);
                    BackupRecord r = new BackupRecord(id, source, "files", BackupKind.FILES,
                            b == 0 ? Level.FULL : Level.INCREMENTAL, null, id, BackupStatus.RUNNING, at, null, 0, 0, 0,
                            "bench:1", null, null);
                    backups.insertBackup(r);
                    List<ObjectRecord> objects = new ArrayList<>();
                    for (String key : List.of("data.tar.zst", "manifest.zst")) {
                        objects.add(new ObjectRecord(id, "local", "backups/" + source + "/" + id + "/" + key, 1000,
                                "0".repeat(64), null));
                    }
                    backups.finishBackup(new BackupRecord(id, source, "files", BackupKind.FILES, r.level(), null, id,
                            BackupStatus.COMPLETE, at, at.plusSeconds(60), 100, 1_000_000, 2000, "bench:1", null, null),
                            objects, List.of(new CopyRecord(id, "local", CopyStatus.COMPLETE, at.plusSeconds(60))));
                    if (b % 10 == 9) {
                        verifications.record(new VerificationRecord(0, id, "local", VerifyMode.FULL, VerifyStatus.OK,
                                at.plusSeconds(120), at.plusSeconds(130), 2, 100, 2000, 0), List.of(),
                                objects.stream().map(ObjectRecord::key).toList());
                    }
                }
            }
        }
        System.out.printf("generated 100 sources, 10,000 backups in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        try (Lifeboat lb = Lifeboat.open(config, plugins); WebServer web = WebServer.start(lb, config.web(), null)) {
            lb.users().add("olivia", Role.OPERATOR, "a long enough secret".toCharArray());
            Http http = new Http(web.url()).login("olivia", "a long enough secret");
            var inv = lb.inventory();
            for (int round = 0; round < 2; round++) {
                long t = System.nanoTime();
                inv.backups(null);
                long a = System.nanoTime();
                inv.verificationsOf(null);
                long b = System.nanoTime();
                inv.trials(null);
                long c = System.nanoTime();
                inv.grades(null);
                long d = System.nanoTime();
                lb.verifier().coverage(Board.COVERAGE_PERIOD, Instant.now());
                long e = System.nanoTime();
                lb.health().space();
                long f = System.nanoTime();
                System.out.printf("parts: backups %d ms, verifications %d ms, trials %d ms, grades %d ms, coverage %d ms,"
                        + " space %d ms%n", (a - t) / 1_000_000, (b - a) / 1_000_000, (c - b) / 1_000_000,
                        (d - c) / 1_000_000, (e - d) / 1_000_000, (f - e) / 1_000_000);
            }
            for (String path : List.of("/", "/status", "/metrics", "/source/share-7", "/audit")) {
                List<Long> ms = new ArrayList<>();
                int bytes = 0;
                for (int i = 0; i < 6; i++) {
                    long t = System.nanoTime();
                    HttpResponse<String> r = http.get(path);
                    ms.add((System.nanoTime() - t) / 1_000_000);
                    assertThat(r.statusCode()).as(path).isEqualTo(200);
                    bytes = r.body().getBytes().length;
                }
                List<Long> warm = new ArrayList<>(ms.subList(1, ms.size()));
                warm.sort(null);
                System.out.printf("%-16s %8d bytes  first %5d ms  median of the next 5 %5d ms%n", path, bytes, ms.get(0),
                        warm.get(2));
            }
        }
    }
}
