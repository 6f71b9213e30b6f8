package lifeboat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import lifeboat.core.Lifeboat;
import lifeboat.core.catalog.ObjectRecord;
import lifeboat.core.config.ConfigLoader;
import lifeboat.core.plugins.PluginRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code verify --mode rolling --budget}: never-verified objects first, then the least recently verified; coverage. */
class RollingVerifyTest {
    @TempDir
    Path dir;

    Path config;

    @BeforeEach
    void backups() throws Exception {
        Cli.share(dir.resolve("share"));
        Cli.share(dir.resolve("office"));
        config = Files.writeString(dir.resolve("lifeboat.yaml"), Cli.twoTargets("[local, offsite]") + """
                  - name: office
                    type: files
                    path: ./office
                    storage: [local]
                """);
        Random random = new Random(7);
        for (int i = 0; i < 3; i++) {
            byte[] data = new byte[50_000 * (i + 1)];
            random.nextBytes(data);
            Files.write(dir.resolve("share/staff/HB/scan-" + i + ".pdf"), data);
            Files.write(dir.resolve("office/brief-" + i + ".odt"), data);
            assertThat(Cli.on(config, "backup", "--all").code()).isZero();
        }
    }

    private List<ObjectRecord> objects() throws Exception {
        try (Lifeboat lb = Lifeboat.open(new ConfigLoader(PluginRegistry.load()).load(config), PluginRegistry.load())) {
            return lb.inventory().storedObjects();
        }
    }

    private static String key(ObjectRecord o) {
        return o.backupId() + "/" + o.storage() + "/" + o.key();
    }

    private JsonNode rolling(String budget) throws Exception {
        Cli.Result r = Cli.on(config, "verify", "--mode", "rolling", "--budget", budget, "--json");
        assertThat(r.code()).as(r.toString()).isZero();
        return r.json();
    }

    @Test
    void rolling_readsNeverVerifiedObjectsFirst_andRepeatedRunsCoverEverything() throws Exception {
        List<ObjectRecord> before = objects();
        assertThat(before).hasSizeGreaterThan(10).allSatisfy(o -> assertThat(o.lastVerifiedAt()).isNull());
        long total = before.stream().mapToLong(ObjectRecord::size).sum();

        JsonNode first = rolling("40%");
        assertThat(first).isNotEmpty().allSatisfy(v -> {
            assertThat(v.get("mode").asText()).isEqualTo("rolling");
            assertThat(v.get("status").asText()).isEqualTo("ok");
        });
        List<ObjectRecord> afterFirst = objects();
        long read = afterFirst.stream().filter(o -> o.lastVerifiedAt() != null).mapToLong(ObjectRecord::size).sum();
        long largest = before.stream().mapToLong(ObjectRecord::size).max().orElseThrow();
        assertThat(read).isLessThanOrEqualTo((long) Math.ceil(total * 0.4))
                .isGreaterThan((long) Math.ceil(total * 0.4) - largest);
        Set<String> verifiedFirst = afterFirst.stream().filter(o -> o.lastVerifiedAt() != null).map(RollingVerifyTest::key)
                .collect(Collectors.toSet());

        // the second run re-reads none of what the first one read while anything is still never verified
        rolling("40%");
        List<ObjectRecord> afterSecond = objects();
        Map<String, ObjectRecord> second = afterSecond.stream().collect(Collectors.toMap(RollingVerifyTest::key,
                Function.identity()));
        Map<String, ObjectRecord> firstByKey = afterFirst.stream().collect(Collectors.toMap(RollingVerifyTest::key,
                Function.identity()));
        boolean stillNever = afterSecond.stream().anyMatch(o -> o.lastVerifiedAt() == null);
        if (stillNever) {
            for (String k : verifiedFirst) {
                assertThat(second.get(k).lastVerifiedAt()).as(k + " re-read before never-verified objects")
                        .isEqualTo(firstByKey.get(k).lastVerifiedAt());
            }
        }

        int runs = 2;
        while (objects().stream().anyMatch(o -> o.lastVerifiedAt() == null) && runs < 10) {
            rolling("40%");
            runs++;
        }
        assertThat(runs).as("runs of 40% until every object was read").isLessThanOrEqualTo(3);

        Cli.Result c = Cli.on(config, "coverage", "--json");
        assertThat(c.code()).as(c.toString()).isZero();
        assertThat(c.json()).hasSize(3); // share on local and offsite, office on local
        assertThat(c.json()).extracting(i -> i.get("source").asText() + "@" + i.get("storage").asText())
                .containsExactlyInAnyOrder("share@local", "share@offsite", "office@local");
        assertThat(c.json()).allSatisfy(i -> {
            assertThat(i.get("sharePercent").asDouble()).as(i.toString()).isEqualTo(100.0);
            assertThat(i.get("neverVerified").asLong()).isZero();
            assertThat(i.get("objects").asLong()).isPositive();
            assertThat(i.get("oldestVerifiedAt").asText()).isNotBlank();
        });
    }

    @Test
    void coverage_beforeAnyVerification_showsNothingCovered() throws Exception {
        Cli.Result c = Cli.on(config, "coverage", "--json");
        assertThat(c.code()).as(c.toString()).isZero();
        assertThat(c.json()).hasSize(3).allSatisfy(i -> {
            assertThat(i.get("sharePercent").asDouble()).isZero();
            assertThat(i.get("neverVerified").asLong()).isEqualTo(i.get("objects").asLong());
        });
    }

    @Test
    void budgetCoveringNothingNew_picksTheLeastRecentlyVerified() throws Exception {
        rolling("100%");
        assertThat(objects()).allSatisfy(o -> assertThat(o.lastVerifiedAt()).isNotNull());
        rolling("100%"); // every object re-read again, some later than others
        List<ObjectRecord> before = objects();
        Instant oldest = before.stream().map(ObjectRecord::lastVerifiedAt).min(Comparator.naturalOrder()).orElseThrow();

        JsonNode small = rolling("1B");
        assertThat(small).singleElement().satisfies(v -> assertThat(v.get("objectsChecked").asInt()).isEqualTo(1));

        Map<String, ObjectRecord> was = before.stream().collect(Collectors.toMap(RollingVerifyTest::key,
                Function.identity()));
        List<ObjectRecord> reread = objects().stream()
                .filter(o -> !o.lastVerifiedAt().equals(was.get(key(o)).lastVerifiedAt())).toList();
        assertThat(reread).singleElement().satisfies(o -> {
            assertThat(was.get(key(o)).lastVerifiedAt()).isEqualTo(oldest);
            assertThat(o.backupId()).isEqualTo(small.get(0).get("backup").asText());
            assertThat(o.storage()).isEqualTo(small.get(0).get("storage").asText());
        });
    }

    @Test
    void rolling_readsNoMoreThanTheBudget() throws Exception {
        List<ObjectRecord> before = objects();
        long budget = before.get(0).size() + 1;
        JsonNode r = rolling(budget + "B");
        long read = 0;
        for (JsonNode v : r) {
            read += v.get("bytesRead").asLong();
        }
        assertThat(read).as("bytes read with a budget of " + budget).isPositive().isLessThanOrEqualTo(budget);
    }

    @Test
    void rollingWithoutBudget_isAUsageError() {
        Cli.Result r = Cli.on(config, "verify", "--mode", "rolling");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--budget");
        Cli.Result bad = Cli.on(config, "verify", "--mode", "rolling", "--budget", "lots");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("budget 'lots'");
    }
}
