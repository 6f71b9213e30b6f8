package lifeboat.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import lifeboat.core.repo.Json;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lifeboat incident open/update/list/show} on an H2 catalog, with each audience's channel a webhook on a
 * loopback HTTP server: what each audience receives, and the bad input that is refused.
 */
class IncidentCommandTest {
    @TempDir
    Path dir;

    private HttpServer http;
    /** What each webhook path (/it, /leadership, /school) received, as JSON documents. */
    private final Map<String, List<JsonNode>> received = new ConcurrentHashMap<>();
    private Path config;

    @BeforeEach
    void install() throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.computeIfAbsent(ex.getRequestURI().getPath().substring(1), k -> new CopyOnWriteArrayList<>())
                    .add(Json.MAPPER.readTree(body));
            ex.sendResponseHeaders(200, 2);
            ex.getResponseBody().write("ok".getBytes(StandardCharsets.UTF_8));
            ex.close();
        });
        http.start();
        String hook = "http://127.0.0.1:" + http.getAddress().getPort() + "/";
        Files.createDirectories(dir.resolve("share"));
        config = Files.writeString(dir.resolve("lifeboat.yaml"), """
                dataDir: ./var
                storage:
                  - name: local
                    type: local
                    path: ./repo
                sources:
                  - name: staff-share
                    type: files
                    path: ./share
                    storage: [local]
                notifications:
                  channels:
                    - {name: it-hook, type: webhook, url: "%1$sit", format: generic}
                    - {name: office-hook, type: webhook, url: "%1$sleadership", format: generic}
                    - {name: school-hook, type: webhook, url: "%1$sschool", format: generic}
                systems:
                  - name: files
                    title: Staff file shares
                    sources: [staff-share]
                    workaround: Save your work on the laptop and copy it to the share later.
                    probes:
                      - {type: tcp, host: 10.0.0.5, port: 445}
                  - name: sis
                    title: Student information system
                    workaround: Take attendance on the paper forms in the school office.
                audiences:
                  it: [it-hook]
                  leadership: [office-hook]
                  school: [school-hook]
                policy:
                  reviewEvery: 365d
                  lastReviewed: 2024-10-01
                recoveryPlans:
                  school:
                    groups:
                      - priority: 1
                        sources:
                          - name: staff-share
                            to: ./restored
                """.formatted(hook));
    }

    @AfterEach
    void stop() {
        http.stop(0);
    }

    private Cli.Result lifeboat(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--config";
        all[1] = config.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return Cli.run(all);
    }

    private List<JsonNode> at(String audience, int count) {
        await().atMost(Duration.ofSeconds(20)).until(() -> received.getOrDefault(audience, List.of()).size() >= count);
        return received.get(audience);
    }

    @Test
    void openThenUpdate_tellsEachAudienceWhatItMayKnow_andTheRecordKeepsIt() throws Exception {
        Cli.Result open = lifeboat("incident", "open", "--title", "Disk failure on fs01.school.lan (/srv/share)",
                "--systems", "files,sis", "--severity", "critical", "--reported-by", "Ms Weber", "--via", "phone",
                "--json");
        assertThat(open.code()).as(open.toString()).isZero();
        long id = open.json().get("id").asLong();
        assertThat(open.json().get("state").asText()).isEqualTo("investigating");
        assertThat(open.json().get("systems").findValuesAsText("status")).containsExactly("major-outage",
                "major-outage");

        JsonNode it = at("it", 1).get(0);
        assertThat(it.get("subject").asText()).contains("Incident " + id).contains("Disk failure");
        assertThat(it.get("text").asText()).contains("Ms Weber", "phone", "Staff file shares (files)",
                "Student information system (sis)");

        Cli.Result update = lifeboat("incident", "update", String.valueOf(id), "--state", "identified", "--cause",
                "RAID controller failed on fs01.school.lan", "--system", "files=major-outage", "--system",
                "sis=degraded", "--eta", "2h", "--message", "Restoring /srv/share from backup 20261129-0200-ab12",
                "--notify", "leadership,school", "--json");
        assertThat(update.code()).as(update.toString()).isZero();
        assertThat(update.json().get("state").asText()).isEqualTo("identified");
        assertThat(update.json().get("eta").asText()).isNotEmpty();

        String leadership = text(at("leadership", 1).get(0));
        assertThat(leadership).contains("Staff file shares", "Student information system", "RAID controller failed",
                "Expected back:", "identified").doesNotContain("not known yet");

        String school = text(at("school", 1).get(0));
        assertThat(school).contains("Staff file shares", "Save your work on the laptop",
                "Take attendance on the paper forms", "Expected back:")
                .doesNotContain("we will tell you as soon as we know");
        // nothing technical: no host names, addresses, paths, error text, backup ids, source names, incident title
        assertThat(school).doesNotContain("fs01", "school.lan", "10.0.0.5", "/srv", "RAID", "20261129-0200-ab12",
                "staff-share", "Disk failure");
        assertThat(received.get("it")).hasSize(1); // IT was not in --notify this time

        Cli.Result list = lifeboat("incident", "list", "--open", "--json");
        assertThat(list.code()).isZero();
        assertThat(list.json()).hasSize(1);
        Cli.Result show = lifeboat("incident", "show", String.valueOf(id), "--json");
        JsonNode shown = show.json();
        assertThat(shown.get("cause").asText()).isEqualTo("RAID controller failed on fs01.school.lan");
        assertThat(shown.get("systems").findValuesAsText("status")).containsExactly("major-outage", "degraded");
        assertThat(shown.get("timeline").findValuesAsText("kind")).containsExactly("opened", "update");
        assertThat(shown.get("timeline").get(1).get("notified").toString()).contains("leadership", "school");
        assertThat(shown.get("messages").findValuesAsText("channel")).containsExactly("it-hook", "office-hook",
                "school-hook");
        Cli.Result human = lifeboat("incident", "show", String.valueOf(id));
        assertThat(human.out()).contains("files: major-outage", "sis: degraded", "told leadership, school");

        // nothing measured yet: auto says so, and gives no time
        JsonNode unmeasured = lifeboat("incident", "update", String.valueOf(id), "--eta", "auto", "--json").json();
        assertThat(unmeasured.get("etaBasis").asText()).contains("recovery plan school",
                "no measured duration for staff-share (no good backup)");
        assertThat(unmeasured.get("eta")).isNull();

        // no monitoring window holds it up here: resolved, school and leadership told, the report sent
        Cli.Result resolve = lifeboat("incident", "resolve", String.valueOf(id), "--message",
                "Controller replaced on fs01.school.lan; all data back", "--json");
        assertThat(resolve.code()).as(resolve.toString()).isZero();
        assertThat(resolve.json().get("resolved").asBoolean()).isTrue();
        String schoolDone = text(at("school", 2).get(1));
        assertThat(schoolDone).contains("Working normally again", "Staff file shares", "Normal operations can resume")
                .doesNotContain("fs01", "Controller");
        List<JsonNode> office = at("leadership", 3);
        assertThat(text(office.get(1))).contains("Resolved", "Controller replaced");
        assertThat(text(office.get(2))).contains("Incident report " + id, "## Timeline", "Ms Weber");
        Cli.Result twice = lifeboat("incident", "resolve", String.valueOf(id), "--message", "again");
        assertThat(twice.code()).isEqualTo(2);
        assertThat(twice.err()).contains("incident " + id + " is already resolved");
        assertThat(lifeboat("incident", "list", "--open", "--json").json()).isEmpty();
    }

    @Test
    void drill_etaFromTrials_recoverResolveReport_actionsAndPolicyReview_allToItOnly() throws Exception {
        Files.writeString(dir.resolve("share/plan.txt"), "seating plan\n");
        assertThat(lifeboat("backup", "staff-share").code()).isZero();
        assertThat(lifeboat("verify", "staff-share", "--mode", "full").code()).isZero();
        Cli.Result trial = lifeboat("trial-restore", "staff-share");
        assertThat(trial.code()).as(trial.toString()).isZero();

        // a template edited beside the config replaces the default
        Files.createDirectories(dir.resolve("templates/it"));
        Files.writeString(dir.resolve("templates/it/opened.mustache"), "Edited: incident {{id}} on {{systemTitles}}\n"
                + "Call the caretaker first.\n");
        Cli.Result open = lifeboat("incident", "open", "--title", "File server down", "--systems", "files,sis",
                "--reported-by", "IT drill", "--via", "monitoring", "--drill", "--json");
        long id = open.json().get("id").asLong();
        assertThat(open.json().get("drill").asBoolean()).isTrue();

        Cli.Result eta = lifeboat("incident", "update", String.valueOf(id), "--state", "identified", "--eta", "auto",
                "--notify", "leadership,school", "--json");
        assertThat(eta.code()).as(eta.toString()).isZero();
        assertThat(eta.json().get("etaBasis").asText()).contains("recovery plan school", "staff-share",
                "latest passed trial restores");
        assertThat(eta.json().get("eta")).as(eta.out()).isNotNull();

        Cli.Result recover = lifeboat("incident", "recover", String.valueOf(id), "--plan", "school", "--yes",
                "--json");
        assertThat(recover.code()).as(recover.toString()).isZero();
        assertThat(Files.readString(dir.resolve("restored/plan.txt"))).isEqualTo("seating plan\n");
        JsonNode shown = lifeboat("incident", "show", String.valueOf(id), "--json").json();
        assertThat(shown.get("state").asText()).isEqualTo("recovering");
        assertThat(shown.get("systems").get(0).get("status").asText()).isEqualTo("operational");
        assertThat(shown.get("recoveryRuns")).hasSize(1);
        assertThat(shown.get("timeline").findValuesAsText("message")).anySatisfy(m -> assertThat(m)
                .contains("priority group 1", "staff-share checked", "Back: files"));

        assertThat(lifeboat("incident", "action", String.valueOf(id), "--add", "Replace the disks", "--owner",
                "Mr Keller", "--due", "2020-01-01").code()).isZero();
        JsonNode due = lifeboat("policy", "review", "--status", "--json").json();
        assertThat(due.get("overdue").asBoolean()).isTrue();
        assertThat(due.get("due").asText()).isEqualTo("2025-10-01");
        assertThat(due.get("overdueActions").findValuesAsText("text")).containsExactly("Replace the disks");

        Cli.Result resolve = lifeboat("incident", "resolve", String.valueOf(id), "--message", "Drill over");
        assertThat(resolve.code()).as(resolve.toString()).isZero();
        assertThat(dir.resolve("repo/incidents/" + id + "/report.pdf")).exists();
        Path pdf = dir.resolve("drill.pdf");
        assertThat(lifeboat("incident", "report", String.valueOf(id), "--format", "pdf", "--out", pdf.toString())
                .code()).isZero();
        String report = pdfText(pdf);
        assertThat(report).contains("Drill report " + id, "DRILL", "Staff file shares", "Data lost per source",
                "staff-share", "Replace the disks", "Messages sent");

        // a drill tells nobody but IT: every audience's message went to IT's channel, marked
        assertThat(received.get("leadership")).isNull();
        assertThat(received.get("school")).isNull();
        List<JsonNode> it = at("it", 8);
        assertThat(text(it.get(0))).startsWith("[DRILL] Edited: incident " + id + " on Staff file shares")
                .contains("Call the caretaker first.");
        assertThat(it).allSatisfy(m -> assertThat(m.get("subject").asText()).startsWith("[DRILL]"));
        assertThat(it.stream().map(m -> m.get("subject").asText())).anyMatch(s -> s.contains("(to school)"))
                .anyMatch(s -> s.contains("(to leadership)"));

        JsonNode reviewed = lifeboat("policy", "review", "--notes", "Reviewed after the drill", "--json").json();
        assertThat(reviewed.get("overdue").asBoolean()).isFalse();
        assertThat(reviewed.get("notes").asText()).isEqualTo("Reviewed after the drill");
    }

    static String pdfText(Path pdf) throws IOException {
        try (PDDocument d = Loader.loadPDF(pdf.toFile())) {
            return new PDFTextStripper().getText(d);
        }
    }

    @Test
    void badInput_isRefusedNamingTheThing_andNothingIsRecorded() throws Exception {
        Cli.Result unknownSystem = lifeboat("incident", "open", "--title", "x", "--systems", "files,mail");
        assertThat(unknownSystem.code()).isEqualTo(2);
        assertThat(unknownSystem.err()).contains("unknown system 'mail'", "files, sis");

        Cli.Result open = lifeboat("incident", "open", "--title", "Share down", "--systems", "files", "--json");
        long id = open.json().get("id").asLong();
        assertThat(lifeboat("incident", "update", String.valueOf(id), "--state", "recovering").code()).isZero();

        Cli.Result backwards = lifeboat("incident", "update", String.valueOf(id), "--state", "identified",
                "--message", "oops");
        assertThat(backwards.code()).isEqualTo(2);
        assertThat(backwards.err()).contains("from recovering to identified");

        Cli.Result audience = lifeboat("incident", "update", String.valueOf(id), "--notify", "leadership,parents");
        assertThat(audience.code()).isEqualTo(2);
        assertThat(audience.err()).contains("unknown audience 'parents'", "it, leadership, school, auditors");

        Cli.Result noChannels = lifeboat("incident", "update", String.valueOf(id), "--notify", "auditors");
        assertThat(noChannels.code()).isEqualTo(2);
        assertThat(noChannels.err()).contains("audience 'auditors' has no notification channels");

        Cli.Result unknownIncident = lifeboat("incident", "show", "999");
        assertThat(unknownIncident.code()).isEqualTo(2);
        assertThat(unknownIncident.err()).contains("no incident 999");

        // a monitoring window holds resolve back; --force goes past it, with the reason on the record
        String sis = lifeboat("incident", "open", "--title", "SIS slow", "--systems", "sis", "--json").json()
                .get("id").asText();
        assertThat(lifeboat("incident", "monitor", sis, "--for", "1h").code()).isZero();
        Cli.Result held = lifeboat("incident", "resolve", sis, "--message", "Fine again.");
        assertThat(held.code()).isEqualTo(1);
        assertThat(held.err()).contains("cannot be resolved yet", "the monitoring window runs until");
        Cli.Result forced = lifeboat("incident", "resolve", sis, "--message", "Fine again.", "--force",
                "vendor confirmed the fix", "--json");
        assertThat(forced.code()).as(forced.toString()).isZero();
        assertThat(forced.json().get("incident").get("forced").asText()).startsWith("vendor confirmed the fix")
                .contains("past: the monitoring window runs until");

        JsonNode shown = lifeboat("incident", "show", String.valueOf(id), "--json").json();
        assertThat(shown.get("state").asText()).isEqualTo("recovering");
        assertThat(shown.get("timeline")).hasSize(2); // opened, recovering; none of the refused ones
        assertThat(lifeboat("incident", "list", "--json").json()).hasSize(2);
    }

    private static String text(JsonNode hook) {
        return hook.get("subject").asText() + "\n" + hook.get("text").asText();
    }
}
