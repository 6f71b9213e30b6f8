package lifeboat.cli;

import static lifeboat.cli.Sql.MARIA;
import static lifeboat.cli.Sql.PG;
import static lifeboat.cli.Sql.count;
import static lifeboat.cli.Sql.maria;
import static lifeboat.cli.Sql.pg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import lifeboat.core.Lifeboat;
import lifeboat.core.config.ConfigLoader;
import lifeboat.core.model.WindowStatus;
import lifeboat.core.plugins.PluginRegistry;
import lifeboat.core.repo.Json;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The school's crash policy end to end on the real servers: the student information system (PostgreSQL, with an
 * HTTP health page on loopback and an SQL probe) and the library (MariaDB, a TCP probe) crash; the incident is
 * reported, IT, leadership (mail through GreenMail) and the school (a webhook) are told, both are recovered in the
 * plan's priority order, the monitoring window sees a probe fail and pass again, resolve is refused while the window
 * runs and allowed after, and the report is checked by its PDF text. Asserts what each audience received. The
 * catalog is on PostgreSQL (the other incident tests use H2).
 */
class CrashPolicyIT {
    private static final String SMTP_PASSWORD = "i14a-sm7p-pw";

    @TempDir
    Path dir;

    private String pgDb;
    private String mariaDb;
    private String catalogDb;
    private GreenMail mail;
    private HttpServer http;
    private Path up;
    private Path config;
    private final Map<String, List<JsonNode>> hooks = new ConcurrentHashMap<>();
    private final Map<String, Long> timings = new LinkedHashMap<>();

    @BeforeEach
    void servers() throws Exception {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10).toLowerCase(Locale.ROOT);
        pgDb = "i14a_sis_" + suffix;
        mariaDb = "i14a_library_" + suffix;
        catalogDb = "i14a_catalog_" + suffix;
        pg("postgres", "create database " + catalogDb);
        pg("postgres", "create database " + pgDb);
        pg(pgDb, "create table students (id serial primary key, name text not null);"
                + " insert into students(name) select 'student ' || g from generate_series(1, 300) g;");
        maria("", "create database " + mariaDb);
        maria(mariaDb, "create table loans (id int auto_increment primary key, book varchar(100) not null)");
        maria(mariaDb, "insert into loans(book) select concat('Buch ', seq) from seq_1_to_150");

        int smtp;
        try (ServerSocket s = new ServerSocket(0)) {
            smtp = s.getLocalPort();
        }
        mail = new GreenMail(new ServerSetup(smtp, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.setUser("lifeboat@school.example", "lifeboat", SMTP_PASSWORD);
        mail.start();
        Files.writeString(dir.resolve("smtp-password"), SMTP_PASSWORD);

        up = dir.resolve("sis-up");
        Files.writeString(up, "");
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/health", this::health);
        http.createContext("/hooks/", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            hooks.computeIfAbsent(ex.getRequestURI().getPath().substring("/hooks/".length()),
                    k -> new CopyOnWriteArrayList<>()).add(Json.MAPPER.readTree(body));
            ex.sendResponseHeaders(200, 2);
            ex.getResponseBody().write("ok".getBytes(StandardCharsets.UTF_8));
            ex.close();
        });
        http.start();
        String base = "http://127.0.0.1:" + http.getAddress().getPort();
        config = Files.writeString(dir.resolve("lifeboat.yaml"), """
                dataDir: ./var
                catalog:
                  url: "%5$s"
                storage:
                  - name: local
                    type: local
                    path: ./repo
                  - name: offsite
                    type: local
                    path: ./offsite
                sources:
                  - {name: sis-db, type: postgres, host: 127.0.0.1, port: 5432, database: %1$s, user: postgres,
                     storage: [local, offsite], rpo: 24h}
                  - {name: library-db, type: mariadb, host: 127.0.0.1, port: 3306, database: %2$s, user: root,
                     storage: [local, offsite], rpo: 24h}
                recoveryPlans:
                  crash:
                    groups:
                      - {priority: 1, sources: [sis-db]}
                      - {priority: 2, sources: [library-db]}
                notifications:
                  channels:
                    - {name: it-chat, type: webhook, url: "%3$s/hooks/it", format: generic}
                    - {name: school-chat, type: webhook, url: "%3$s/hooks/school", format: generic}
                    - name: office-email
                      type: email
                      host: 127.0.0.1
                      port: %4$d
                      security: none
                      user: lifeboat
                      password: ${file:smtp-password}
                      from: lifeboat@school.example
                      to: [principal@school.example]
                      timeout: 5s
                systems:
                  - name: sis
                    title: Student information system
                    sources: [sis-db]
                    workaround: Take attendance on the paper forms in the school office.
                    probes:
                      - {type: http, url: "%3$s/health", expectStatus: 200, expectText: OK, timeout: 5s}
                      - {type: sql, source: sis-db, query: "select count(*) > 0 from students", expect: "t"}
                  - name: library
                    title: School library
                    sources: [library-db]
                    workaround: Write loans on the paper list at the library desk.
                    probes:
                      - {type: tcp, host: 127.0.0.1, port: 3306, timeout: 5s}
                audiences:
                  it: [it-chat]
                  leadership: [office-email]
                  school: [school-chat]
                policy:
                  monitorFor: 48h
                  probeEvery: 1s
                """.formatted(pgDb, mariaDb, base, smtp, PG.formatted(catalogDb)));
    }

    private void health(HttpExchange ex) throws IOException {
        boolean ok = Files.exists(up);
        byte[] body = (ok ? "OK" : "Service Unavailable").getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(ok ? 200 : 503, body.length);
        ex.getResponseBody().write(body);
        ex.close();
    }

    @AfterEach
    void stop() throws Exception {
        http.stop(0);
        mail.stop();
        pg("postgres", "drop database if exists " + pgDb + " with (force)");
        maria("", "drop database if exists " + mariaDb);
        pg("postgres", "drop database if exists " + catalogDb + " with (force)");
        System.out.println("drill timings (ms): " + timings);
    }

    private Cli.Result lifeboat(String step, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--config";
        all[1] = config.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        long t0 = System.nanoTime();
        Cli.Result r = Cli.run(all);
        if (step != null) {
            timings.merge(step, (System.nanoTime() - t0) / 1_000_000, Long::sum);
        }
        return r;
    }

    private List<JsonNode> hook(String name, int atLeast) {
        await().atMost(Duration.ofSeconds(30)).until(() -> hooks.getOrDefault(name, List.of()).size() >= atLeast);
        return hooks.get(name);
    }

    private List<String> mails(int atLeast) throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> mail.getReceivedMessages().length >= atLeast);
        List<String> out = new ArrayList<>();
        for (MimeMessage m : mail.getReceivedMessages()) {
            MimeMultipart parts = (MimeMultipart) m.getContent();
            out.add(m.getSubject() + "\n" + parts.getBodyPart(0).getContent());
        }
        return out;
    }

    private static String text(JsonNode hook) {
        return hook.get("subject").asText() + "\n" + hook.get("text").asText();
    }

    @Test
    void wholeDrill_reportNotifyRecoverMonitorResolveReport() throws Exception {
        // proof first: backed up, verified, trial-restored (the measured durations the ETA uses)
        for (String s : List.of("sis-db", "library-db")) {
            assertThat(lifeboat(null, "backup", s).code()).isZero();
        }
        assertThat(lifeboat(null, "verify", "--all", "--mode", "full").code()).isZero();
        Cli.Result trials = lifeboat(null, "trial-restore", "--all");
        assertThat(trials.code()).as(trials.toString()).isZero();

        // the crash: both databases gone, the SIS web front end down
        pg("postgres", "drop database " + pgDb + " with (force)");
        maria("", "drop database " + mariaDb);
        Files.delete(up);

        // 1. reported by phone; IT told at once
        Cli.Result open = lifeboat("open", "incident", "open", "--title", "db01.school.lan down: SIS and library",
                "--systems", "sis,library", "--severity", "critical", "--reported-by", "Office (Ms Weber)", "--via",
                "phone", "--json");
        assertThat(open.code()).as(open.toString()).isZero();
        String id = open.json().get("id").asText();
        assertThat(text(hook("it", 1).get(0))).contains("Office (Ms Weber)", "phone",
                "Student information system (sis)", "School library (library)");

        // 2. assessed; leadership and the school told, with the expected time from the trial restores
        Cli.Result assessed = lifeboat("update", "incident", "update", id, "--state", "identified", "--cause",
                "Disk full on db01.school.lan; PostgreSQL and MariaDB stopped (ERROR: could not extend file)",
                "--eta", "auto", "--notify", "leadership,school", "--json");
        assertThat(assessed.code()).as(assessed.toString()).isZero();
        assertThat(assessed.json().get("etaBasis").asText()).contains("recovery plan crash", "sis-db", "library-db");
        String office = mails(1).get(0);
        assertThat(office).contains("Service disruption", "Student information system", "School library",
                "Disk full on db01.school.lan", "Expected back:").doesNotContain("not known yet");
        String school = text(hook("school", 1).get(0));
        assertThat(school).contains("Student information system", "paper forms in the school office",
                "School library", "paper list at the library desk", "Expected back:")
                .doesNotContain("we will tell you as soon as we know");
        assertThat(school).doesNotContain("db01", "school.lan", "127.0.0.1", "Disk full", "ERROR", "sis-db",
                "library-db", pgDb, mariaDb, "/", "backup");

        // 3. recovery in priority order, an update per group
        Cli.Result recover = lifeboat("recover", "incident", "recover", id, "--plan", "crash", "--yes", "--json");
        assertThat(recover.code()).as(recover.toString()).isZero();
        assertThat(count(PG, pgDb, "select count(*) from students")).isEqualTo(300);
        assertThat(count(MARIA, mariaDb, "select count(*) from loans")).isEqualTo(150);
        JsonNode afterRecovery = lifeboat(null, "incident", "show", id, "--json").json();
        List<String> recoveryNotes = afterRecovery.get("timeline").findValuesAsText("message").stream()
                .filter(m -> m.startsWith("Recovery run")).toList();
        assertThat(recoveryNotes).hasSize(4);
        assertThat(recoveryNotes.get(1)).contains("priority group 1", "sis-db checked", "Back: sis");
        assertThat(recoveryNotes.get(2)).contains("priority group 2", "library-db checked", "Back: library");
        assertThat(afterRecovery.get("systems").findValuesAsText("status")).containsOnly("operational");

        // 4. the web front end restarted; the monitoring window starts (its length shortened for the test)
        Files.writeString(up, "");
        Cli.Result monitor = lifeboat("monitor", "incident", "monitor", id, "--for", "6s");
        assertThat(monitor.code()).as(monitor.toString()).isZero();
        Cli.Result refused = lifeboat("resolve refused", "incident", "resolve", id, "--message", "All back.");
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("cannot be resolved yet", "the monitoring window runs until");

        // 5. the daemon's rounds: the health page fails, then passes again; the window ends passed
        long t0 = System.nanoTime();
        try (Lifeboat lb = Lifeboat.open(new ConfigLoader(PluginRegistry.load()).load(config), PluginRegistry.load())) {
            Files.delete(up);
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).until(() -> {
                lb.monitoring().runDue();
                return lb.incidents().get(Long.parseLong(id)).timeline().stream()
                        .anyMatch(u -> u.message().contains("/health") && u.message().contains("failed"));
            });
            Cli.Result blocked = lifeboat(null, "incident", "resolve", id, "--message", "All back.", "--json");
            assertThat(blocked.code()).isEqualTo(1);
            assertThat(blocked.json().get("blockers").toString()).contains("/health");
            Files.writeString(up, "");
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
                lb.monitoring().runDue();
                return lb.monitoring().latestWindow(Long.parseLong(id)).orElseThrow().status() != WindowStatus.RUNNING;
            });
            assertThat(lb.monitoring().latestWindow(Long.parseLong(id)).orElseThrow().status())
                    .isEqualTo(WindowStatus.PASSED);
        }
        timings.put("monitoring window (6 s)", (System.nanoTime() - t0) / 1_000_000);
        assertThat(hook("it", 1).stream().map(CrashPolicyIT::text)).anyMatch(t -> t.contains("/health")
                && t.contains("failed"));

        // 6. resolved: the school and leadership told, the report kept and sent
        Cli.Result resolved = lifeboat("resolve", "incident", "resolve", id, "--message",
                "Disk replaced; both databases restored from last night's backups and watched.", "--json");
        assertThat(resolved.code()).as(resolved.toString()).isZero();
        assertThat(resolved.json().get("keptOn").toString()).contains("local", "offsite");
        assertThat(dir.resolve("offsite/incidents/" + id + "/report.pdf")).exists();
        String schoolDone = text(hook("school", 2).get(1));
        assertThat(schoolDone).contains("Working normally again", "Normal operations can resume")
                .doesNotContain("db01", "Disk");
        List<String> officeMail = mails(3);
        assertThat(officeMail.get(1)).contains("Resolved", "Disk replaced");
        assertThat(officeMail.get(2)).contains("Incident report " + id, "How it was reported", "Ms Weber",
                "Data lost per source");
        Cli.Result twice = lifeboat(null, "incident", "resolve", id, "--message", "again");
        assertThat(twice.code()).isEqualTo(2);

        // 7. the report, by its PDF text
        Path pdf = dir.resolve("report.pdf");
        long r0 = System.nanoTime();
        assertThat(lifeboat(null, "incident", "report", id, "--format", "pdf", "--out", pdf.toString()).code())
                .isZero();
        timings.put("report pdf", (System.nanoTime() - r0) / 1_000_000);
        String report;
        int pages;
        try (PDDocument d = Loader.loadPDF(pdf.toFile())) {
            report = new PDFTextStripper().getText(d);
            pages = d.getNumberOfPages();
        }
        assertThat(report).contains("Incident report " + id, "Summary", "How it was reported", "Office (Ms Weber)",
                "Affected systems and down time", "Student information system", "Cause", "Disk full", "Timeline",
                "Recovery steps", "Data lost per source", "within RPO", "Recovery time per system",
                "Monitoring and testing", "passed", "Failures", "Messages sent", "office-email", "school-chat",
                "Preventive measures");
        System.out.println("report: " + pages + " pages");
        assertThat(dir.resolve("var/catalog.mv.db")).as("the catalog is on PostgreSQL").doesNotExist();
        String sample = System.getProperty("lifeboat.sampleReport");
        if (sample != null) {
            Files.createDirectories(Path.of(sample));
            Files.copy(pdf, Path.of(sample, "report.pdf"), StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(Path.of(sample, "report.md"), lifeboat(null, "incident", "report", id).out());
        }
    }
}
