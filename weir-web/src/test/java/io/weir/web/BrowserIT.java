package io.weir.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.weir.engine.scheduler.Scheduler;
import io.weir.store.DagRunRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The pages in headless Chromium (Debian's chromium and chromium-driver, nothing downloaded); each test saves a
 * screenshot under target/screenshots/. Skipped without Chromium, except with CI=true.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private WebTestServer server;

    @BeforeAll
    void start() throws IOException {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
        assumeTrue(installed || "true".equals(System.getenv("CI")), "Chromium and chromium-driver are not installed");
        server = WebTestServer.start(
                Map.of("hello.yaml", ApiIT.HELLO, "other.yaml", ApiIT.OTHER, "broken.yaml", ApiIT.BROKEN));
        server.weir()
                .test(
                        "hello",
                        java.time.Instant.parse("2024-01-01T00:00:00Z"),
                        io.weir.engine.scheduler.SchedulerListener.NONE);
        Files.createDirectories(Path.of("target/screenshots"));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void signIn(WebDriver driver, String username, String password) {
        driver.get(server.url("/"));
        assertThat(driver.getCurrentUrl()).endsWith("/login");
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        // Signed in, or told why not.
        Browsers.click(
                driver,
                By.id("sign-in"),
                d -> !d.findElements(By.id("signed-in-user")).isEmpty()
                        || !d.findElements(By.id("login-problem")).isEmpty());
    }

    @Test
    void signInShowsTheDagsWithTheFailedOneFirstAndDescriptionsAsText() throws IOException {
        server.weir().mark("hello", "third", "2024-01-01", io.weir.core.state.TaskState.FAILED, false, false);
        WebDriver driver = Browsers.open();
        try {
            driver.get(server.url("/login"));
            Browsers.screenshot(driver, "login");
            signIn(driver, "op", WebTestServer.PASSWORD);
            assertThat(driver.findElement(By.id("signed-in-user")).getText()).isEqualTo("op (Op)");
            var rows = driver.findElements(By.cssSelector("#dags tbody tr"));
            assertThat(rows).hasSize(2);
            assertThat(rows.get(0).getDomAttribute("data-dag-id")).isEqualTo("hello");
            assertThat(rows.get(0).getText()).contains("needs attention").contains("failed");
            assertThat(rows.get(0).findElement(By.className("owners")).getText())
                    .isEqualTo("data-team, loaders");
            // The latest run's task instances by state: two succeeded, the marked one failed.
            assertThat(rows.get(0).findElements(By.cssSelector(".recent-tasks .state")).stream()
                            .map(count -> count.getDomAttribute("data-state") + "=" + count.getText())
                            .toList())
                    .containsExactly("success=2 success", "failed=1 failed");
            // A description holding a script tag is shown as text, never run.
            assertThat(rows.get(0).findElement(By.className("description")).getText())
                    .isEqualTo("<script>alert(1)</script>");
            assertThat(driver.findElements(By.tagName("script"))).isEmpty();
            assertThat(driver.findElement(By.id("import-errors")).getText()).contains("dags/broken.yaml:");
            Browsers.screenshot(driver, "dags");

            // DAGs are paused when they first appear: the toggle unpauses, then pauses again.
            By toggle = By.cssSelector("tr[data-dag-id='other'] button.toggle");
            Browsers.click(driver, toggle, Browsers.shows(By.cssSelector("tr[data-dag-id='other']")));
            assertThat(driver.findElement(By.cssSelector("tr[data-dag-id='other']"))
                            .getText())
                    .startsWith("active")
                    .contains("Pause");
            Browsers.click(driver, toggle, Browsers.shows(By.cssSelector("tr[data-dag-id='other']")));
            assertThat(driver.findElement(By.cssSelector("tr[data-dag-id='other']"))
                            .getText())
                    .startsWith("paused");
            String audit = server.send("GET", "/api/v1/eventLogs?dag_id=other", "viewer", null)
                    .body();
            assertThat(audit).contains("\"event\":\"unpause\"").contains("\"event\":\"pause\"");
            assertThat(audit).contains("\"origin\":\"ui\"").contains("\"owner\":\"op\"");
            driver.get(server.url("/?tag=ops"));
            assertThat(driver.findElements(By.cssSelector("#dags tbody tr"))).hasSize(1);
            Browsers.screenshot(driver, "dags-filtered");

            Browsers.click(driver, By.id("sign-out"), Browsers.at("/login"));
            driver.get(server.url("/"));
            assertThat(driver.getCurrentUrl())
                    .as("signed out, pages need signing in again")
                    .endsWith("/login");
        } finally {
            driver.quit();
        }
    }

    /** Two tasks that take a moment each, so the grid is seen changing while the page stays open. */
    static final String SLOW =
            """
            dag_id: slow
            schedule: "@daily"
            start_date: 2024-01-01
            catchup: false
            tasks:
              nap:
                type: command
                command: sleep 2
              wake:
                type: command
                after: [nap]
                command: sleep 1
            """;

    @Test
    void unpausingAndTriggeringADagShowsItFinishInTheGridWithoutAReload() throws Exception {
        try (WebTestServer own = WebTestServer.start(Map.of("slow.yaml", SLOW))) {
            Scheduler scheduler = own.weir().scheduler(own.app().listener());
            Thread loop = new Thread(scheduler::run, "browser-it-scheduler");
            loop.start();
            WebDriver driver = Browsers.open();
            try {
                Browsers.signIn(driver, own, "op");
                Browsers.click(
                        driver, By.cssSelector("a.dag-id[href='/dags/slow']"), Browsers.shows(By.id("paused-state")));
                assertThat(driver.findElement(By.id("paused-state")).getText()).isEqualTo("paused");
                assertThat(driver.findElement(By.id("no-runs")).getText()).isEqualTo("No runs yet.");
                Browsers.click(driver, By.id("toggle-paused"), d -> d.findElement(By.id("paused-state"))
                        .getText()
                        .equals("active"));
                Browsers.click(driver, By.id("trigger"), Browsers.shows(By.id("grid-table")));
                FluentWait<WebDriver> wait = new WebDriverWait(driver, Duration.ofSeconds(30))
                        .ignoring(StaleElementReferenceException.class);
                String runId = wait.until(
                        d -> own.weir().store().inTransaction(s -> s.runs().list("slow", null, 10, 0)).stream()
                                .filter(run -> run.runId().startsWith("manual__"))
                                .findFirst()
                                .map(DagRunRecord::runId)
                                .orElse(null));
                String cell = "#grid-table tr[data-task-id='wake'] .cell[data-run-id='" + runId + "']";
                JavascriptExecutor js = (JavascriptExecutor) driver;
                String stateOf = "const c = document.querySelector(arguments[0]); return c ? c.dataset.state : null;";
                // The page after the trigger shows the new run, not yet finished.
                wait.until(d -> js.executeScript(stateOf, cell) != null);
                assertThat(js.executeScript(stateOf, cell))
                        .as("the run was just triggered")
                        .isNotEqualTo("success");
                // From here on the page is never reloaded: a marker on the window survives only if it is not.
                js.executeScript("window.weirSamePage = true; window.weirSeen = {};"
                        + "new MutationObserver(() => document.querySelectorAll('#grid-table .cell.success')"
                        + ".forEach(c => { const k = c.closest('tr').dataset.taskId + '/' + c.dataset.runId;"
                        + " if (!window.weirSeen[k]) window.weirSeen[k] = Date.now(); }))"
                        + ".observe(document.getElementById('grid'), {childList: true, subtree: true});");
                // The grid is swapped whole on each event: a cell's state is read in one script, never a stale element.
                new WebDriverWait(driver, Duration.ofSeconds(30))
                        .until(d -> "success".equals(js.executeScript(stateOf, cell)));
                assertThat(js.executeScript(
                                stateOf, "#grid-table tr[data-task-id='nap'] .cell[data-run-id='" + runId + "']"))
                        .isEqualTo("success");
                assertThat(js.executeScript("return window.weirSamePage === true"))
                        .isEqualTo(true);
                Browsers.screenshot(driver, "dag-grid-live");
                // Each cell turned within a second of its task finishing, by the browser's clock on this machine.
                for (String task : List.of("nap", "wake")) {
                    Instant ended = own.weir()
                            .store()
                            .inTransaction(s -> s.taskInstances().find("slow", runId, task))
                            .orElseThrow()
                            .endDate();
                    Object seen = js.executeScript("return window.weirSeen[arguments[0]]", task + "/" + runId);
                    assertThat(seen).as("the page saw %s finish", task).isNotNull();
                    long late = ((Number) seen).longValue() - ended.toEpochMilli();
                    System.out.printf("grid cell of %s turned %d ms after its end_date%n", task, late);
                    assertThat(late)
                            .as("milliseconds from %s's end_date to its grid cell turning success", task)
                            .isBetween(0L, 1000L);
                }
            } finally {
                driver.quit();
                scheduler.stop();
                loop.join(20_000);
            }
        }
    }

    @Test
    void theGridPagesTwentyFiveRunsAtATimeAndAnUnknownDagIsNotFound() throws IOException {
        java.time.Instant day = java.time.Instant.parse("2024-02-01T00:00:00Z");
        for (int i = 0; i < 27; i++) {
            server.weir().trigger("other", day.plus(Duration.ofDays(i)), null);
        }
        WebDriver driver = Browsers.open();
        try {
            signIn(driver, "viewer", WebTestServer.PASSWORD);
            driver.get(server.url("/dags/other"));
            assertThat(driver.findElements(By.cssSelector("#grid-table thead th.run")))
                    .hasSize(25);
            assertThat(driver.findElements(By.id("trigger")))
                    .as("a Viewer gets no buttons")
                    .isEmpty();
            // The newest run is rightmost.
            var heads = driver.findElements(By.cssSelector("#grid-table thead th.run"));
            assertThat(heads.get(24).getDomAttribute("data-run-id")).isEqualTo("manual__2024-02-27T00:00:00+00:00");
            Browsers.click(driver, By.id("older-runs"), Browsers.at("offset=25"));
            assertThat(driver.findElements(By.cssSelector("#grid-table thead th.run")))
                    .hasSize(2);
            assertThat(driver.findElement(By.cssSelector("#grid-table thead th.run"))
                            .getDomAttribute("data-run-id"))
                    .isEqualTo("manual__2024-02-01T00:00:00+00:00");
            assertThat(driver.findElements(By.id("older-runs"))).isEmpty();
            assertThat(driver.findElement(By.id("newer-runs")).isDisplayed()).isTrue();
            Browsers.screenshot(driver, "dag-grid-older");
            driver.get(server.url("/dags/nope"));
            assertThat(driver.getPageSource()).contains("No DAG nope");
        } finally {
            driver.quit();
        }
    }

    @Test
    void aGridCellOpensItsTaskInstanceWithItsLog() throws IOException {
        WebDriver driver = Browsers.open();
        try {
            signIn(driver, "viewer", WebTestServer.PASSWORD);
            driver.get(server.url("/dags/hello"));
            Browsers.click(
                    driver,
                    By.cssSelector("#grid-table tr[data-task-id='first'] a.cell-link"),
                    Browsers.shows(By.id("task-id")));
            assertThat(driver.findElement(By.id("task-id")).getText()).isEqualTo("first");
            assertThat(driver.findElement(By.id("ti-state")).getText()).isEqualTo("success");
            assertThat(driver.findElement(By.cssSelector("#ti-facts td")).getText())
                    .isEqualTo("1 of 1");
            assertThat(driver.findElement(By.id("log")).getText()).contains("first-line");
            assertThat(driver.findElement(By.id("tries")).getText()).isEqualTo("try 1");
            Browsers.screenshot(driver, "task-instance-log");
            String page = driver.getCurrentUrl();
            // A try that never ran, and ids that try to climb out of the logs folder, are refused.
            driver.get(page + "?try=7");
            assertThat(driver.getPageSource()).contains("there is no try 7");
            driver.get(page.replace("/tasks/first", "/tasks/..%2F..%2F..%2Fweir.yaml") + "/log");
            assertThat(driver.getPageSource()).contains("No task ../../../weir.yaml in run");
        } finally {
            driver.quit();
        }
    }

    @Test
    void aWrongPasswordIsToldAndAViewerGetsNoButtons() throws IOException {
        WebDriver driver = Browsers.open();
        try {
            signIn(driver, "viewer", "wrong password");
            assertThat(driver.findElement(By.id("login-problem")).getText()).isEqualTo("Wrong user name or password.");
            Browsers.screenshot(driver, "login-failed");
            signIn(driver, "viewer", WebTestServer.PASSWORD);
            assertThat(driver.findElements(By.cssSelector("#dags tbody tr"))).hasSize(2);
            assertThat(driver.findElements(By.cssSelector("button.toggle"))).isEmpty();
            assertThat(driver.getPageSource()).doesNotContain(WebTestServer.PASSWORD);
            Browsers.screenshot(driver, "dags-viewer");
        } finally {
            driver.quit();
        }
    }
}
