package lifeboat.cli;

import static lifeboat.cli.Sql.MARIA;
import static lifeboat.cli.Sql.PG;
import static lifeboat.cli.Sql.column;
import static lifeboat.cli.Sql.maria;
import static lifeboat.cli.Sql.pg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog is gone: {@code catalog rebuild} brings it back from the offsite S3 target alone (files and both
 * databases, encrypted and not), the proof beside the backups keeps {@code latest-good} right, and everything
 * restores. The break-glass sheet's commands, run by hand, bring the data back without Lifeboat.
 */
class RebuildIT {
    private static final String ACCESS = "i16-rebuild";
    private static final String SECRET = "i16-rebuild-secret";

    @TempDir
    Path dir;
    S3Proxy s3;
    int port;
    String pgDb;
    String mariaDb;
    Path key;
    String recipient;

    @BeforeEach
    void setUp() throws Exception {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10).toLowerCase(Locale.ROOT);
        pgDb = "i16_rebuild_sis_" + suffix;
        mariaDb = "i16_rebuild_lib_" + suffix;
        pg("postgres", "create database " + pgDb);
        pg(pgDb, """
                create table students (id serial primary key, name text not null);
                insert into students(name) values ('Anna Müller');
                insert into students(name) select 'student ' || g from generate_series(2, 300) g;
                """);
        maria("", "create database " + mariaDb + " character set utf8mb4 collate utf8mb4_unicode_ci");
        maria(mariaDb, "create table books (id int auto_increment primary key, title varchar(200) not null)");
        maria(mariaDb, "insert into books(title) select concat('Buch ', seq) from seq_1_to_150");
        Cli.share(dir.resolve("share"));
        ManualRestoreIT.Shell gen = ManualRestoreIT.sh(dir, "age-keygen -o key.txt 2>&1");
        assertThat(gen.code()).as(gen.output()).isZero();
        Matcher m = Pattern.compile("age1[0-9a-z]+").matcher(gen.output());
        assertThat(m.find()).isTrue();
        recipient = m.group();
        key = dir.resolve("key.txt");
        Path s3data = Files.createDirectories(dir.resolve("s3data"));
        Files.createDirectories(s3data.resolve("i16-offsite"));
        Properties p = new Properties();
        p.setProperty("jclouds.provider", "filesystem");
        p.setProperty("jclouds.identity", "local");
        p.setProperty("jclouds.credential", "local");
        p.setProperty("jclouds.filesystem.basedir", s3data.toString());
        p.setProperty("s3proxy.endpoint", "http://127.0.0.1:0");
        p.setProperty("s3proxy.authorization", "aws-v2-or-v4");
        p.setProperty("s3proxy.identity", ACCESS);
        p.setProperty("s3proxy.credential", SECRET);
        p.setProperty("s3proxy.ignore-unknown-headers", "true");
        s3 = S3Proxy.Builder.fromProperties(p).blobStore(BlobStores.create("filesystem", p)).build();
        s3.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> "STARTED".equals(s3.getState()));
        port = s3.getPort();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (s3 != null) {
            s3.stop();
        }
        for (String db : List.of(pgDb, pgDb + "_r")) {
            pg("postgres", "drop database if exists " + db + " with (force)");
        }
        for (String db : List.of(mariaDb, mariaDb + "_r")) {
            maria("", "drop database if exists " + db);
        }
    }

    /** share and library encrypted (to the source's key), sis plain; each on the local disk and the S3 bucket. */
    private Path config(boolean requireTrial, String extra) throws IOException {
        return Cli.yaml().offsiteS3(port, "i16-offsite", "school", ACCESS, SECRET)
                .postgres("sis", pgDb)
                .mariadb("library", mariaDb).encrypted(recipient, "${file:key.txt}")
                .files().encrypted(recipient, "${file:key.txt}")
                .plan("crash", 1, "[sis]", "[library, share]")
                .then("recovery:\n  requireTrial: " + requireTrial + "\n" + extra)
                .write(dir.resolve("lifeboat.yaml"));
    }

    private static String backup(Path config, String source, String level) throws Exception {
        Cli.Result b = Cli.on(config, "backup", source, "--level", level, "--json");
        assertThat(b.code()).as(b.toString()).isZero();
        return b.json().get("id").asText();
    }

    private static String latestGood(Path config, String source) throws Exception {
        Cli.Result r = Cli.on(config, "latest-good", source, "--json");
        assertThat(r.code()).as(r.toString()).isZero();
        return r.json().get("id").asText();
    }

    private Map<String, String> data(String pg, String maria) throws Exception {
        Map<String, String> out = new HashMap<>();
        out.put("students", column(PG.formatted(pg), "select count(*) from students").get(0));
        out.put("students-md5", column(PG.formatted(pg),
                "select md5(string_agg(id || ':' || name, ',' order by id)) from students").get(0));
        out.put("books", column(MARIA.formatted(maria), "select count(*) from books").get(0));
        out.put("books-md5", column(MARIA.formatted(maria),
                "select md5(group_concat(id, ':', title order by id separator ',')) from books").get(0));
        return out;
    }

    /** Backs every source up, proves them (full verify, trial restores), and adds one share backup left unproven. */
    private Map<String, String> backUpAndProve(Path config, boolean trials, Map<String, Map<String, String>> shareAt)
            throws Exception {
        Path share = dir.resolve("share");
        backup(config, "share", "full");
        Cli.write(share, "staff/HB/neu.txt", "neu\n");
        Files.delete(share.resolve("students/7a/empty.txt"));
        String proven = backup(config, "share", "incremental");
        shareAt.put(proven, Cli.tree(share));
        backup(config, "sis", "full");
        backup(config, "library", "full");
        Cli.Result v = Cli.on(config, "verify", "--all", "--mode", "full");
        assertThat(v.code()).as(v.toString()).isZero();
        if (trials) {
            Cli.Result t = Cli.on(config, "trial-restore", "--all");
            assertThat(t.code()).as(t.toString()).isZero();
        }
        Cli.write(share, "staff/HB/later.txt", "not proven yet\n");
        backup(config, "share", "incremental"); // never verified nor tried: latest-good passes it over
        Map<String, String> good = new HashMap<>();
        for (String s : List.of("share", "sis", "library")) {
            good.put(s, latestGood(config, s));
        }
        assertThat(good.get("share")).isEqualTo(proven);
        return good;
    }

    @Test
    void catalogLost_rebuiltFromS3Alone_latestGoodStillRight_everythingRestores_localCopiesJoin_sheetRestoresByHand()
            throws Exception {
        Path config = config(true, """
                breakGlass:
                  identityKeptAt: "the school safe, envelope 3"
                  contacts: ["IT service desk: 0123 456789", "Head teacher: 0123 000000"]
                """);
        Map<String, Map<String, String>> shareAt = new HashMap<>();
        Map<String, String> good = backUpAndProve(config, true, shareAt);
        Map<String, String> before = data(pgDb, mariaDb);
        Path s3prefix = dir.resolve("s3data/i16-offsite/school");
        try (Stream<Path> s = Files.walk(s3prefix.resolve("proof"))) {
            assertThat(s.filter(Files::isRegularFile).count()).as("proof beside the backups on S3").isGreaterThanOrEqualTo(8);
        }
        // an interrupted backup on the local disk: objects, no backup.json
        Path torn = Files.createDirectories(dir.resolve("repo/backups/share/20260101T000000Z-dead"));
        Files.writeString(torn.resolve("data.tar.zst.age"), "half an upload");

        deleteTree(dir.resolve("var")); // the catalog (and every cache) is gone with the server
        Cli.Result empty = Cli.on(config, "latest-good", "share", "--json");
        assertThat(empty.code()).isEqualTo(1);

        Cli.Result r = Cli.on(config, "catalog", "rebuild", "--from", "offsite", "--json");
        assertThat(r.code()).as(r.toString()).isZero();
        JsonNode rep = r.json();
        assertThat(rep.get("found").asInt()).isEqualTo(5);
        assertThat(rep.get("added")).hasSize(5);
        assertThat(rep.get("skipped")).isEmpty();
        assertThat(rep.get("mismatches")).isEmpty();
        assertThat(rep.get("verificationsImported").asInt()).isGreaterThanOrEqualTo(4);
        assertThat(rep.get("trialsImported").asInt()).isEqualTo(3);
        assertThat(rep.get("notRecovered").toString()).contains("changedFiles");
        assertThat(r.out()).doesNotContain(SECRET).doesNotContain("AGE-SECRET-KEY");

        for (String s : List.of("share", "sis", "library")) {
            assertThat(latestGood(config, s)).as("latest good %s after the rebuild", s).isEqualTo(good.get(s));
        }
        Cli.Result restored = Cli.on(config, "restore", "share", "--to", dir.resolve("restored").toString(), "--json");
        assertThat(restored.code()).as(restored.toString()).isZero();
        assertThat(restored.json().get("storage").asText()).isEqualTo("offsite");
        assertThat(Cli.tree(dir.resolve("restored"))).isEqualTo(shareAt.get(good.get("share")));
        Cli.Result rs = Cli.on(config, "restore", "sis", "--to-db", pgDb + "_r", "--json");
        assertThat(rs.code()).as(rs.toString()).isZero();
        Cli.Result rl = Cli.on(config, "restore", "library", "--to-db", mariaDb + "_r", "--json");
        assertThat(rl.code()).as(rl.toString()).isZero();
        assertThat(data(pgDb + "_r", mariaDb + "_r")).isEqualTo(before);
        Cli.Result plan = Cli.on(config, "recover", "--plan", "crash", "--dry-run", "--json");
        assertThat(plan.code()).as(plan.toString()).isZero();
        for (JsonNode step : plan.json().get("steps")) {
            assertThat(step.get("backup").asText()).isEqualTo(good.get(step.get("source").asText()));
        }

        // again from the same target: nothing twice
        Cli.Result again = Cli.on(config, "catalog", "rebuild", "--from", "offsite", "--json");
        assertThat(again.code()).as(again.toString()).isZero();
        assertThat(again.json().get("added")).isEmpty();
        assertThat(again.json().get("alreadyKnown")).hasSize(5);
        assertThat(again.json().get("verificationsImported").asInt()).isZero();
        assertThat(again.json().get("trialsImported").asInt()).isZero();

        // the local disk contradicts the catalog: refused, naming the backup, nothing changed
        Path sisMeta = dir.resolve("repo/backups/sis/" + good.get("sis") + "/backup.json");
        byte[] original = Files.readAllBytes(sisMeta);
        Files.writeString(sisMeta, new String(original, StandardCharsets.UTF_8).replaceFirst("\"level\" : \"full\"",
                "\"level\" : \"incremental\""));
        Cli.Result refused = Cli.on(config, "catalog", "rebuild", "--from", "local");
        assertThat(refused.code()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.err()).contains("contradicts").contains(good.get("sis")).contains("nothing was changed");
        Files.write(sisMeta, original);

        // the local copies join: each known backup gets its second copy, the torn one is skipped
        Cli.Result local = Cli.on(config, "catalog", "rebuild", "--from", "local", "--json");
        assertThat(local.code()).as("exit 1: something was skipped\n" + local).isEqualTo(1);
        assertThat(local.json().get("copiesAdded")).hasSize(5);
        assertThat(local.json().get("skipped").toString()).contains("20260101T000000Z-dead").contains("no backup.json");
        assertThat(local.json().get("mismatches")).isEmpty();
        Cli.Result list = Cli.on(config, "list", "--json");
        for (JsonNode b : list.json()) {
            assertThat(b.get("copies").toString()).contains("local").contains("offsite");
        }
        Cli.Result bad = Cli.on(config, "catalog", "rebuild", "--from", "nowhere");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("nowhere");

        followTheBreakGlassSheet(config, good, shareAt, before);

        // one local object rots (same size, one byte changed): a rebuild with --verify full finds it
        Path dump = dir.resolve("repo/backups/library/" + good.get("library") + "/" + mariaDb + ".sql.zst.age");
        byte[] bytes = Files.readAllBytes(dump);
        bytes[bytes.length / 2] ^= 0x40;
        Files.write(dump, bytes);
        Cli.Result rot = Cli.on(config, "catalog", "rebuild", "--from", "local", "--verify", "full", "--json");
        assertThat(rot.code()).as(rot.toString()).isEqualTo(1);
        assertThat(rot.json().get("alreadyKnown")).hasSize(5);
        List<String> rotten = new ArrayList<>();
        for (JsonNode m : rot.json().get("mismatches")) {
            assertThat(m.get("backup").asText()).isEqualTo(good.get("library"));
            rotten.add(m.get("kind").asText() + " " + m.get("object").asText());
        }
        assertThat(rotten).contains("hash-mismatch backups/library/" + good.get("library") + "/" + dump.getFileName());
        assertThat(latestGood(config, "library")).as("the offsite copy is still good").isEqualTo(good.get("library"));
    }

    /** The sheet, made from the rebuilt catalog; its commands, run by hand, restore all three sources. */
    private void followTheBreakGlassSheet(Path config, Map<String, String> good,
            Map<String, Map<String, String>> shareAt, Map<String, String> before) throws Exception {
        Path pdf = dir.resolve("sheet.pdf");
        Cli.Result p = Cli.on(config, "break-glass", "--out", pdf.toString());
        assertThat(p.code()).as(p.toString()).isZero();
        String text;
        try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
            text = new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
        }
        assertThat(text).contains("Break-glass sheet").contains("the school safe, envelope 3")
                .contains("IT service desk: 0123 456789").contains(good.get("sis")).contains(good.get("share"))
                .contains("sha256sum").contains("pg_restore").contains("age -d").contains("aws s3 cp")
                .doesNotContain("AGE-SECRET-KEY").doesNotContain(SECRET);
        assertThat(text.indexOf("1. sis")).as("recovery-plan order").isPositive().isLessThan(text.indexOf("2. library"));

        Path md = dir.resolve("sheet.md");
        assertThat(Cli.on(config, "break-glass", "--format", "md", "--out", md.toString()).code()).isZero();
        String sheet = Files.readString(md);
        assertThat(sheet).contains("s3://i16-offsite/school").doesNotContain("AGE-SECRET-KEY");
        Map<String, String> scripts = scripts(sheet);

        // the servers are gone: follow the sheet
        pg("postgres", "drop database " + pgDb + " with (force)");
        maria("", "drop database " + mariaDb);
        Path out = dir.resolve("by-hand");
        for (String source : List.of("sis", "library", "share")) {
            String script = scripts.get(source + ": backup " + good.get(source) + " from local");
            assertThat(script).as("commands for %s from local in\n%s", source, sheet).isNotNull();
            script = script.replaceFirst("(?m)^out=.*$", "out='" + out + "'")
                    .replace("key=/root/age-identity.txt", "key='" + key + "'");
            ManualRestoreIT.Shell run = ManualRestoreIT.sh(dir, script);
            assertThat(run.code()).as(source + ":\n" + script + "\n" + run.output()).isZero();
        }
        assertThat(data(pgDb, mariaDb)).isEqualTo(before);
        assertThat(Cli.tree(out)).isEqualTo(shareAt.get(good.get("share")));

        // what the daemon does nightly: the sheet onto every target, by the same service
        Cli.Result put = Cli.on(config, "break-glass", "--publish", "--json");
        assertThat(put.code()).as(put.toString()).isZero();
        Path onS3 = dir.resolve("s3data/i16-offsite/school/break-glass/latest.pdf");
        assertThat(dir.resolve("repo/break-glass/latest.pdf")).exists();
        try (PDDocument doc = Loader.loadPDF(onS3.toFile())) {
            assertThat(new PDFTextStripper().getText(doc)).contains(good.get("sis"));
        }
    }

    /** The sheet's shell blocks, by their first line (without "# "). */
    private static Map<String, String> scripts(String markdown) {
        Map<String, String> out = new HashMap<>();
        Matcher m = Pattern.compile("```\\n# ([^\\n]+)\\n(.*?)```", Pattern.DOTALL).matcher(markdown);
        while (m.find()) {
            out.put(m.group(1), "# " + m.group(1) + "\n" + m.group(2));
        }
        return out;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
