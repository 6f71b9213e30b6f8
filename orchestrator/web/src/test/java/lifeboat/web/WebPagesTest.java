package lifeboat.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lifeboat.core.Lifeboat;
import lifeboat.core.backup.Attempt;
import lifeboat.core.config.ConfigLoader;
import lifeboat.core.catalog.IncidentRecord;
import lifeboat.core.incident.Opening;
import lifeboat.core.model.Audience;
import lifeboat.core.model.BackupStatus;
import lifeboat.core.model.IncidentSeverity;
import lifeboat.core.model.ReportedVia;
import lifeboat.core.model.Level;
import lifeboat.core.model.Progress;
import lifeboat.core.model.Role;
import lifeboat.core.plugins.PluginRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web pages in a real headless Chromium (one for the whole class) and over plain HTTP, against an installation
 * with two file shares on a local target: logins, the dashboard's lights, operator actions, CSRF, roles, the status
 * page, the phone layout, metrics, health, and bad input.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebPagesTest {
    static final String OPERATOR_PASSWORD = "correct horse battery";
    static final String AUDITOR_PASSWORD = "auditor's own secret";

    @TempDir
    static Path dir;
    static Lifeboat lifeboat;
    static WebServer web;
    static ChromeDriver browser;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(dir.resolve("office"));
        Files.writeString(dir.resolve("office/timetable.txt"), "monday: maths\n");
        Files.createDirectories(dir.resolve("lab"));
        Files.writeString(dir.resolve("lab/results.csv"), "a,b\n1,2\n");
        Files.writeString(dir.resolve("lifeboat.yaml"), """
                dataDir: ./var
                storage:
                  - name: local
                    type: local
                    path: ./repo
                sources:
                  - name: office-share
                    type: files
                    path: ./office
                    storage: [local]
                    rpo: 1d
                  - name: lab-share
                    type: files
                    path: ./lab
                    storage: [local]
                recoveryPlans:
                  school:
                    parallelism: 2
                    groups:
                      - priority: 1
                        sources: [office-share, lab-share]
                notifications:
                  channels:
                    - {name: it-hook, type: webhook, url: "http://127.0.0.1:9/it", format: generic}
                    - {name: school-hook, type: webhook, url: "http://127.0.0.1:9/school", format: generic}
                systems:
                  - name: files
                    title: Staff file shares
                    sources: [office-share]
                    workaround: Save your work on the laptop and copy it to the share later.
                    probes:
                      - {type: tcp, host: fileserver.school.lan, port: 445}
                  - name: lab
                    title: Science lab computers
                    sources: [lab-share]
                    workaround: Use the library computers.
                audiences:
                  it: [it-hook]
                  school: [school-hook]
                web:
                  listen: 127.0.0.1:0
                  report:
                    perHour: 4
                """);
        PluginRegistry plugins = PluginRegistry.load();
        var config = new ConfigLoader(plugins, Map.<String, String>of()::get).load(dir.resolve("lifeboat.yaml"));
        lifeboat = Lifeboat.open(config, plugins);
        lifeboat.users().add("olivia", Role.OPERATOR, OPERATOR_PASSWORD.toCharArray());
        lifeboat.users().add("audrey", Role.AUDITOR, AUDITOR_PASSWORD.toCharArray());
        lifeboat.users().add("tess", Role.OPERATOR, "throttled one's password".toCharArray());
        lifeboat.backups().run("office-share", Level.FULL, true, Progress.NONE, Attempt.BY_HAND);
        lifeboat.backups().run("lab-share", Level.FULL, false, Progress.NONE, Attempt.BY_HAND);
        web = WebServer.start(lifeboat, config.web(), () -> true);
        base = web.url();
        browser = Browser.start(dir.resolve("chromium-profile"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (web != null) {
            web.close();
        }
        if (lifeboat != null) {
            lifeboat.close();
        }
    }

    @BeforeEach
    void freshBrowser() {
        browser.manage().window().setSize(new Dimension(1280, 900));
        browser.get(base + "/status");
        browser.manage().deleteAllCookies();
    }

    private void signIn(String name, String password) {
        browser.get(base + "/login");
        browser.findElement(By.id("name")).sendKeys(name);
        browser.findElement(By.id("password")).sendKeys(password);
        submit(By.id("sign-in"));
    }

    /** Clicks a form's button and waits until the answer has replaced the page: a click need not wait for it. */
    private void submit(By button) {
        WebElement page = browser.findElement(By.tagName("html"));
        browser.findElement(button).click();
        // while the page is being replaced chromedriver may answer "node does not belong to the document": ask again
        new WebDriverWait(browser, Duration.ofSeconds(30)).ignoring(WebDriverException.class)
                .until(ExpectedConditions.stalenessOf(page));
    }

    private void screenshot(String name) throws Exception {
        Path shots = Path.of("target/screenshots");
        Files.createDirectories(shots);
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), shots.resolve(name + ".png"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void login_isRefusedWithAWrongPassword_andAllowedWithTheRightOne() throws Exception {
        browser.get(base + "/");
        assertThat(browser.getCurrentUrl()).endsWith("/login");
        signIn("olivia", "not the password");
        assertThat(browser.findElement(By.id("login-problem")).getText()).isEqualTo("wrong user name or password");
        assertThat(browser.findElements(By.id("sources"))).isEmpty();

        signIn("olivia", OPERATOR_PASSWORD);
        assertThat(browser.getCurrentUrl()).isEqualTo(base + "/");
        assertThat(browser.findElement(By.id("source-office-share")).getText()).contains("office-share");
        assertThat(browser.findElement(By.tagName("header")).getText()).contains("olivia (operator)");
        screenshot("dashboard");
    }

    @Test
    void theSessionCookie_isHttpOnlyAndSameSiteStrict() throws Exception {
        HttpResponse<String> r = new Http(base).form("/login", Map.of("name", "olivia", "password",
                OPERATOR_PASSWORD));
        String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith(Access.COOKIE + "=").containsIgnoringCase("HttpOnly")
                .containsIgnoringCase("SameSite=Strict").doesNotContainIgnoringCase("Secure");
    }

    @Test
    void aSourceWhoseBackupFailed_showsRed() throws Exception {
        signIn("olivia", OPERATOR_PASSWORD);
        assertThat(browser.findElement(By.id("source-lab-share")).getAttribute("data-light")).isNotEqualTo("red");

        Path lab = dir.resolve("lab");
        Path moved = dir.resolve("lab-unmounted");
        Files.move(lab, moved); // the share is gone: the next backup cannot run
        try {
            try {
                lifeboat.backups().run("lab-share", Level.INCREMENTAL, false, Progress.NONE, Attempt.BY_HAND);
            } catch (Exception expected) {
                // the backup fails; the dashboard must show it
            }
            browser.navigate().refresh();
            WebElement card = browser.findElement(By.id("source-lab-share"));
            assertThat(card.getAttribute("data-light")).isEqualTo("red");
            assertThat(card.getText()).contains("open problem: backup-failed");
            assertThat(card.getCssValue("border-left-color")).isEqualTo("rgba(198, 40, 40, 1)");
        } finally {
            Files.move(moved, lab);
        }
    }

    @Test
    void anOperatorsBackUpNow_runsABackup() throws Exception {
        long before = lifeboat.inventory().backups("office-share").size();
        signIn("olivia", OPERATOR_PASSWORD);
        browser.get(base + "/source/office-share");
        submit(By.id("action-backup"));
        assertThat(browser.findElement(By.className("flash")).getText()).contains("Backup started");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(lifeboat.inventory()
                .backups("office-share")).hasSize((int) before + 1)
                .last().satisfies(b -> assertThat(b.status()).isEqualTo(BackupStatus.COMPLETE)));
        browser.navigate().refresh();
        assertThat(browser.findElement(By.id("backups")).getText()).contains("incremental");
        assertThat(browser.findElement(By.tagName("h2")).getText()).isEqualTo("Backups (" + (before + 1) + ")");
        assertThat(lifeboat.users().actions(Instant.EPOCH)).anySatisfy(a -> {
            assertThat(a.user()).isEqualTo("olivia");
            assertThat(a.action()).isEqualTo("backup");
            assertThat(a.ok()).isTrue();
        });
    }

    @Test
    void aPostWithoutTheCsrfToken_isRefused403() throws Exception {
        Http http = new Http(base).login("olivia", OPERATOR_PASSWORD);
        long before = lifeboat.inventory().backups("office-share").size();
        assertThat(http.form("/source/office-share/backup", Map.of()).statusCode()).isEqualTo(403);
        assertThat(http.form("/source/office-share/backup", Map.of("csrf", "forged")).statusCode()).isEqualTo(403);
        assertThat(lifeboat.inventory().backups("office-share")).hasSize((int) before);
    }

    @Test
    void anAuditor_seesNoActions_isRefusedWhenPosting_andReadsTheHistoryAsCsv() throws Exception {
        signIn("audrey", AUDITOR_PASSWORD);
        browser.get(base + "/source/office-share");
        assertThat(browser.findElement(By.tagName("h1")).getText()).contains("office-share");
        assertThat(browser.findElements(By.id("action-backup"))).isEmpty();

        Http http = new Http(base).login("audrey", AUDITOR_PASSWORD);
        long before = lifeboat.inventory().backups("office-share").size();
        HttpResponse<String> r = http.form("/source/office-share/backup", Map.of("csrf", http.csrf));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("may look but not act");
        assertThat(lifeboat.inventory().backups("office-share")).hasSize((int) before);

        HttpResponse<String> csv = http.get("/audit/backups.csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.get(0)).isEqualTo("at,kind,source,subject,outcome,detail");
        assertThat(lines).anySatisfy(l -> assertThat(l).contains(",backup,office-share,").contains(",complete,"));
        assertThat(http.get("/audit").body()).contains("History").contains("web:backup");
    }

    @Test
    void theStatusPage_namesSystemsOnly_withoutHostsPathsOrBackupIds_andNeedsNoScript() throws Exception {
        HttpResponse<String> r = new Http(base).get("/status");
        assertThat(r.statusCode()).isEqualTo(200);
        String html = r.body();
        assertThat(html).contains("Staff file shares").contains("Science lab computers").doesNotContain("<script")
                .doesNotContain(dir.toString()).doesNotContain("127.0.0.1").doesNotContain("./office")
                .doesNotContain("fileserver.school.lan");
        for (var b : lifeboat.inventory().backups(null)) {
            assertThat(html).doesNotContain(b.id());
        }
    }

    @Test
    void onAPhone_thePagesFitTheScreen() throws Exception {
        signIn("olivia", OPERATOR_PASSWORD);
        browser.manage().window().setSize(new Dimension(390, 844));
        browser.get(base + "/");
        JavascriptExecutor js = browser;
        long viewport = (Long) js.executeScript("return document.documentElement.clientWidth;");
        long page = (Long) js.executeScript("return document.documentElement.scrollWidth;");
        screenshot("dashboard-phone");
        String widest = (String) js.executeScript("let w = null; for (const e of document.querySelectorAll('main *'))"
                + " { if (e.getBoundingClientRect().right > document.documentElement.clientWidth && (w == null"
                + " || e.getBoundingClientRect().right > w.getBoundingClientRect().right)) w = e; }"
                + " return w == null ? '' : w.outerHTML.substring(0, 200);");
        assertThat(page).as("no sideways scrolling at phone width; widest: " + widest).isLessThanOrEqualTo(viewport);
        WebElement office = browser.findElement(By.id("source-office-share"));
        WebElement lab = browser.findElement(By.id("source-lab-share"));
        assertThat(lab.getLocation().getY()).as("cards stacked in one column").isGreaterThan(office.getLocation().getY());
        assertThat(lab.getLocation().getX()).isEqualTo(office.getLocation().getX());
        screenshot("dashboard-phone");
        browser.get(base + "/report");
        assertThat((Long) js.executeScript("return document.documentElement.scrollWidth;"))
                .isLessThanOrEqualTo((Long) js.executeScript("return document.documentElement.clientWidth;"));
        screenshot("report-phone");
        browser.get(base + "/status");
        screenshot("status-phone");
        browser.manage().window().setSize(new Dimension(1280, 900));
        browser.get(base + "/status");
        screenshot("status");
    }

    @Test
    void metrics_areInThePrometheusTextFormat() throws Exception {
        HttpResponse<String> r = new Http(base).get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain; version=0.0.4");
        Pattern sample = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (-?[0-9.eE+-]+|NaN|[+-]Inf)");
        Map<String, Double> values = new HashMap<>();
        for (String line : r.body().lines().toList()) {
            if (line.isBlank() || line.startsWith("#")) {
                assertThat(line).matches("(# (HELP|TYPE) lifeboat_\\w+ .*)?");
                continue;
            }
            Matcher m = sample.matcher(line);
            assertThat(m.matches()).as("a sample line: " + line).isTrue();
            values.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3)));
        }
        assertThat(values).containsEntry("lifeboat_source_rpo_met{source=\"office-share\"}", 1.0)
                .containsEntry("lifeboat_source_rpo_seconds{source=\"office-share\"}", 86400.0)
                .containsEntry("lifeboat_source_grade{source=\"office-share\"}", 2.0)
                .containsEntry("lifeboat_source_last_verification_ok{source=\"office-share\"}", 1.0)
                .containsKey("lifeboat_source_last_success_timestamp_seconds{source=\"lab-share\"}")
                .containsKey("lifeboat_source_coverage_ratio{source=\"office-share\"}")
                .containsKey("lifeboat_outbox_pending")
                .containsKey("lifeboat_open_incidents");
        assertThat(values.get("lifeboat_backups_total{outcome=\"complete\"}")).isGreaterThanOrEqualTo(2.0);
        assertThat(r.body()).contains("# TYPE lifeboat_backups_total counter")
                .contains("# TYPE lifeboat_source_rpo_met gauge");
    }

    @Test
    void health_answersJsonWithItsChecks() throws Exception {
        Http http = new Http(base);
        HttpResponse<String> live = http.get("/health/live");
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.body()).isEqualTo("{\"status\":\"UP\",\"checks\":[{\"name\":\"process\",\"status\":\"UP\"}]}");
        HttpResponse<String> ready = http.get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("{\"status\":\"UP\",\"checks\":[{\"name\":\"catalog\",\"status\":\"UP\"},"
                + "{\"name\":\"scheduler\",\"status\":\"UP\"}]}");
    }

    @Test
    void theRecoveryPlan_showsAsRecoverDryRunDoes() throws Exception {
        Http http = new Http(base).login("olivia", OPERATOR_PASSWORD);
        String html = http.get("/plan/school").body();
        assertThat(html).contains("Recovery plan school").contains("office-share").contains("lab-share")
                .contains("--dry-run");
        assertThat(http.get("/plan/nosuch").statusCode()).isEqualTo(404);
    }

    @Test
    void badInput_isRefusedWithAClearAnswer() throws Exception {
        Http http = new Http(base).login("olivia", OPERATOR_PASSWORD);
        // a path traversal in the address reaches no file
        for (String path : List.of("/source/..%2F..%2F..%2Fetc%2Fpasswd", "/backup/..%2F..%2Fetc%2Fpasswd",
                "/audit/..%2F..%2Fetc%2Fpasswd.csv", "/../../etc/passwd", "/plan/%2e%2e%2f%2e%2e%2fetc")) {
            HttpResponse<String> r = http.get(path);
            assertThat(r.statusCode()).as(path).isIn(400, 404);
            assertThat(r.body()).as(path).doesNotContain("root:");
        }
        assertThat(http.get("/source/nosuch").body()).contains("no source 'nosuch'");
        // an oversized field is named
        HttpResponse<String> longName = http.form("/login", Map.of("name", "x".repeat(5000), "password", "p"));
        assertThat(longName.statusCode()).isEqualTo(400);
        assertThat(longName.body()).contains("the field 'name' is too long");
        // an oversized body is refused before it is read
        HttpResponse<String> huge = http.form("/source/office-share/backup", Map.of("csrf", http.csrf, "x",
                "y".repeat(200_000)));
        assertThat(huge.statusCode()).isEqualTo(413);
        // a form must come as a form
        HttpResponse<String> json = http.post("/source/office-share/backup", "application/json",
                "{\"csrf\":\"" + http.csrf + "\"}");
        assertThat(json.statusCode()).isEqualTo(415);
        // script in a field comes back escaped (the login name shows in the auditor's history)
        new Http(base).form("/login", Map.of("name", "<script>alert(1)</script>", "password", "wrong"));
        String history = http.get("/audit").body();
        assertThat(history).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>alert(1)");
    }

    @Test
    void theReportForm_opensAnIncidentViaWeb_tellsIt_andShowsTheReferenceNumber() throws Exception {
        browser.get(base + "/report");
        browser.findElement(By.id("name")).sendKeys("<script>alert('x')</script> Mr Hill");
        new Select(browser.findElement(By.id("system"))).selectByVisibleText("Science lab computers");
        browser.findElement(By.id("what")).sendKeys("The lab PCs show a <b>login error</b>");
        submit(By.id("send-report"));
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> !browser.findElements(By.tagName("h1"))
                .isEmpty() && !browser.findElement(By.tagName("h1")).getText().equals("Report a problem"));
        assertThat(browser.findElements(By.id("reference"))).as(browser.getPageSource()).isNotEmpty();
        String reference = browser.findElement(By.id("reference")).getText();
        assertThat(reference).matches("#\\d+");
        long id = Long.parseLong(reference.substring(1));
        IncidentRecord i = lifeboat.incidents().get(id);
        assertThat(i.reportedVia()).isEqualTo(ReportedVia.WEB);
        assertThat(i.reportedBy()).isEqualTo("<script>alert('x')</script> Mr Hill");
        assertThat(i.title()).isEqualTo("The lab PCs show a <b>login error</b>");
        assertThat(i.systems()).containsExactly("lab");
        assertThat(i.timeline().get(0).notified()).containsExactly(Audience.IT);
        assertThat(lifeboat.inventory().notifications(Instant.EPOCH)).anySatisfy(n -> {
            assertThat(n.channel()).isEqualTo("it-hook");
            assertThat(n.subject()).contains("The lab PCs show a <b>login error</b>");
        });
        // IT sees it, escaped: no script ran (an alert would stop the next call), no markup taken from the reporter
        signIn("olivia", OPERATOR_PASSWORD);
        browser.get(base + "/incident/" + id);
        assertThat(browser.findElement(By.id("timeline")).getText()).contains("<script>alert('x')</script> Mr Hill");
        assertThat(browser.findElements(By.cssSelector("main b"))).isEmpty();
        assertThat(browser.getPageSource()).contains("&lt;script&gt;alert('x')&lt;/script&gt;");
    }

    @Test
    void theStatusPage_showsAnIncidentWithItsWorkaroundAndExpectedTime_butNoHostNameOrIncidentText() throws Exception {
        IncidentRecord opened = lifeboat.incidents().open(new Opening("fileserver.school.lan: smbd crashed, "
                + "/srv/share unreadable", List.of("files"), IncidentSeverity.MAJOR, "olivia", ReportedVia.PHONE, false));
        signIn("olivia", OPERATOR_PASSWORD);
        browser.get(base + "/incident/" + opened.id());
        new Select(browser.findElement(By.id("state-select"))).selectByVisibleText("identified");
        browser.findElement(By.id("eta")).sendKeys("2h");
        browser.findElement(By.id("message")).sendKeys("smbd on fileserver.school.lan restarted, checking the disks");
        browser.findElement(By.cssSelector("input[name=notify][value=school]")).click();
        submit(By.id("post-update"));
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
            assertThat(browser.getCurrentUrl()).endsWith("?done=update");
            assertThat(browser.findElement(By.id("state")).getText()).isEqualTo("identified");
        });
        IncidentRecord updated = lifeboat.incidents().get(opened.id());
        assertThat(updated.eta()).isNotNull();

        browser.manage().deleteAllCookies();
        browser.get(base + "/status");
        WebElement card = browser.findElement(By.id("incident-" + opened.id()));
        assertThat(card.getText()).contains("Staff file shares unavailable")
                .contains("Save your work on the laptop and copy it to the share later.")
                .contains("We know what went wrong and are working on it.")
                .contains("Expected back: " + Format.time(updated.eta()));
        assertThat(browser.findElement(By.id("systems")).getText()).contains("Staff file shares unavailable");
        String html = browser.getPageSource();
        assertThat(html).doesNotContain("fileserver.school.lan").doesNotContain("/srv/share").doesNotContain("smbd")
                .doesNotContain("<script");
        screenshot("status-incident");
        assertThat(new Http(base).get("/metrics").body()).containsPattern("lifeboat_open_incidents [1-9]");
    }

    @Test
    @Order(Integer.MAX_VALUE) // the other tests' reports come from the same address
    void reports_areLimitedPerClientAddress_andCheckedForTheirFields() throws Exception {
        Http http = new Http(base);
        HttpResponse<String> form = http.get("/report");
        String token = form.body().replaceAll("(?s).*name=\"token\" value=\"([^\"]+)\".*", "$1");
        http.cookie = form.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
        HttpResponse<String> tooLong = http.form("/report", Map.of("token", token, "name", "A", "system", "lab",
                "what", "x".repeat(501)));
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.body()).contains("the field 'what' is too long (at most 500 characters)");
        HttpResponse<String> forged = http.form("/report", Map.of("token", "forged", "name", "A", "system", "lab",
                "what", "broken"));
        assertThat(forged.statusCode()).isEqualTo(403);
        int created = 0;
        int limited = 0;
        for (int n = 0; n < 5; n++) {
            int code = http.form("/report", Map.of("token", token, "name", "Office", "system", "lab",
                    "what", "printer " + n)).statusCode();
            created += code == 201 ? 1 : 0;
            limited += code == 429 ? 1 : 0;
        }
        assertThat(limited).as("the fifth report of the hour is refused").isGreaterThanOrEqualTo(1);
        assertThat(created + limited).isEqualTo(5);
        Http auditor = new Http(base).login("audrey", AUDITOR_PASSWORD);
        assertThat(auditor.form("/incidents", Map.of("csrf", auditor.csrf, "title", "x", "systems", "lab"))
                .statusCode()).isEqualTo(403);
        assertThat(auditor.get("/audit/incidents.csv").body()).contains(",incident,lab,").contains("reported via web");
    }

    @Test
    void repeatedFailedLogins_areThrottled_evenWithTheRightPassword() throws Exception {
        Http http = new Http(base);
        for (int i = 0; i < 5; i++) {
            assertThat(http.form("/login", Map.of("name", "tess", "password", "guess " + i)).statusCode())
                    .isEqualTo(401);
        }
        HttpResponse<String> r = http.form("/login", Map.of("name", "tess", "password", "throttled one's password"));
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.body()).contains("too many failed sign-ins");
        assertThat(r.headers().firstValue("Set-Cookie")).isEmpty();
    }
}
