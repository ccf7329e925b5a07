package io.weir.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.weir.core.state.TaskState;
import io.weir.engine.scheduler.Scheduler;
import io.weir.engine.scheduler.SchedulerListener;
import io.weir.store.TaskInstanceRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Operating from the pages in headless Chromium: clear and mark with their confirmation, bulk actions in Browse, the
 * audit log, and the Admin pages (and that a Viewer cannot reach them). Screenshots under target/screenshots/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperateBrowserIT {
    /** Three command tasks in a line, without a schedule: runs happen only when asked for. */
    static final String RELAY =
            """
            dag_id: relay
            start_date: 2024-01-01
            tasks:
              fetch:
                type: command
                command: echo fetched
              shape:
                type: command
                after: [fetch]
                command: echo shaped
              publish:
                type: command
                after: [shape]
                command: echo published
            """;

    static final String DAILY =
            """
            dag_id: daily
            schedule: "@daily"
            start_date: 2024-03-01
            catchup: false
            tasks:
              load:
                type: empty
            """;

    /** A task that writes a line to its log every 0.6 s for a few seconds. */
    static final String TALKY =
            """
            dag_id: talky
            start_date: 2024-01-01
            tasks:
              chat:
                type: command
                command: for i in 1 2 3 4 5 6 7 8; do echo "chat-line-$i"; sleep 0.6; done
            """;

    private static final Instant DAY = Instant.parse("2024-01-01T00:00:00Z");

    @BeforeAll
    void requireChromium() {
        assumeTrue(Browsers.available(), "Chromium and chromium-driver are not installed");
    }

    private static TaskInstanceRecord instance(WebTestServer server, String dagId, String runId, String taskId) {
        return server.weir()
                .store()
                .inTransaction(s -> s.taskInstances().find(dagId, runId, taskId))
                .orElseThrow();
    }

    @Test
    void clearingATaskWithDownstreamAsksFirstThenRunsThemAgain() throws Exception {
        try (WebTestServer server = WebTestServer.start(Map.of("relay.yaml", RELAY))) {
            String runId = server.weir()
                    .test("relay", DAY, SchedulerListener.NONE)
                    .run()
                    .runId();
            server.weir().store().useTransaction(s -> s.dags().setPaused("relay", false));
            Scheduler scheduler = server.weir().scheduler(server.app().listener());
            Thread loop = new Thread(scheduler::run, "operate-it-scheduler");
            loop.start();
            WebDriver driver = Browsers.open();
            try {
                Browsers.signIn(driver, server, "op");
                driver.get(server.url("/dags/relay/runs/" + runId + "/tasks/shape"));
                driver.findElement(By.id("clear-downstream")).click();
                Browsers.click(driver, By.id("clear"), Browsers.shows(By.id("confirm-list")));
                // The confirmation lists what will change: shape and publish, not fetch.
                List<String> listed = driver.findElements(By.cssSelector("#confirm-list tbody tr")).stream()
                        .map(row -> row.getDomAttribute("data-task-id"))
                        .toList();
                assertThat(listed).containsExactly("publish", "shape");
                assertThat(instance(server, "relay", runId, "shape").tryNumber())
                        .as("nothing changes before the confirmation")
                        .isEqualTo(1);
                Browsers.screenshot(driver, "clear-confirm");
                Browsers.click(driver, By.id("confirm"), Browsers.at("/dags/relay"));
                // The scheduler runs both again; the grid (live, no reload) shows them succeed.
                new WebDriverWait(driver, Duration.ofSeconds(60))
                        .until(d -> instance(server, "relay", runId, "publish").state() == TaskState.SUCCESS
                                && instance(server, "relay", runId, "publish").tryNumber() == 2);
                assertThat(instance(server, "relay", runId, "shape").tryNumber())
                        .isEqualTo(2);
                assertThat(instance(server, "relay", runId, "fetch").tryNumber())
                        .isEqualTo(1);
                new WebDriverWait(driver, Duration.ofSeconds(10))
                        .until(d ->
                                d.findElements(By.cssSelector("#grid-table tr[data-task-id='publish'] .cell.success"))
                                                .size()
                                        == 1);
                Browsers.screenshot(driver, "clear-rerun-grid");
                driver.get(server.url("/dags/relay/runs/" + runId + "/tasks/shape"));
                List<WebElement> tries = driver.findElements(By.cssSelector("#tries-table tbody tr"));
                assertThat(tries).hasSize(2);
                assertThat(tries.get(0).getText()).contains("success");
                assertThat(tries.get(1).getText()).contains("success");
                Browsers.screenshot(driver, "task-instance-tries");
                String audit = server.send("GET", "/api/v1/eventLogs?dag_id=relay", "viewer", null)
                        .body();
                assertThat(audit).contains("\"event\":\"clear\"").contains("with downstream");
            } finally {
                driver.quit();
                scheduler.stop();
                loop.join(20_000);
            }
        }
    }

    @Test
    void markingATaskFailedShowsItInTheGridAndTheAuditLog() throws Exception {
        try (WebTestServer server = WebTestServer.start(Map.of("relay.yaml", RELAY))) {
            String runId = server.weir()
                    .test("relay", DAY, SchedulerListener.NONE)
                    .run()
                    .runId();
            WebDriver driver = Browsers.open();
            try {
                Browsers.signIn(driver, server, "user");
                driver.get(server.url("/dags/relay"));
                Browsers.click(
                        driver,
                        By.cssSelector("#grid-table tr[data-task-id='publish'] a.cell-link"),
                        Browsers.shows(By.id("mark-failed")));
                Browsers.click(driver, By.id("mark-failed"), Browsers.shows(By.id("confirm-summary")));
                assertThat(driver.findElement(By.id("confirm-summary")).getText())
                        .contains("set to failed");
                assertThat(driver.findElements(By.cssSelector("#confirm-list tbody tr")))
                        .hasSize(1);
                Browsers.click(driver, By.id("confirm"), Browsers.at("/dags/relay"));
                assertThat(instance(server, "relay", runId, "publish").state()).isEqualTo(TaskState.FAILED);
                // The page the action returns to shows the cell failed (redrawn live if the redirect raced it).
                new WebDriverWait(driver, Duration.ofSeconds(10))
                        .until(d ->
                                d.findElements(By.cssSelector("#grid-table tr[data-task-id='publish'] .cell.failed"))
                                                .size()
                                        == 1);
                Browsers.screenshot(driver, "mark-failed-grid");
                driver.get(server.url("/audit?dag_id=relay"));
                List<WebElement> entries = driver.findElements(By.cssSelector("#audit tbody tr"));
                assertThat(entries).hasSize(1);
                assertThat(entries.get(0).getText())
                        .contains("user")
                        .contains("mark.failed")
                        .contains("publish");
                Browsers.screenshot(driver, "audit-log");
                driver.get(server.url("/audit?event=login"));
                assertThat(driver.findElements(By.cssSelector("#audit tbody tr[data-event='login']")))
                        .isNotEmpty();
            } finally {
                driver.quit();
            }
        }
    }

    @Test
    void bulkClearingADateRangeInBrowseResetsOnlyThoseRuns() throws Exception {
        try (WebTestServer server = WebTestServer.start(Map.of("daily.yaml", DAILY))) {
            for (int day = 1; day <= 5; day++) {
                server.weir().test("daily", Instant.parse("2024-03-0" + day + "T00:00:00Z"), SchedulerListener.NONE);
            }
            WebDriver driver = Browsers.open();
            try {
                Browsers.signIn(driver, server, "op");
                Browsers.click(
                        driver,
                        By.id("menu-task-instances"),
                        Browsers.shows(By.cssSelector("#task-instances tbody tr"), 5));
                driver.findElement(By.id("filter-dag")).sendKeys("daily");
                driver.findElement(By.id("filter-from")).sendKeys("2024-03-02");
                driver.findElement(By.id("filter-to")).sendKeys("2024-03-04");
                Browsers.click(
                        driver, By.id("apply-filters"), Browsers.shows(By.cssSelector("#task-instances tbody tr"), 3));
                Browsers.screenshot(driver, "browse-task-instances");
                driver.findElement(By.id("select-all")).click();
                Browsers.click(
                        driver, By.id("bulk-clear"), Browsers.shows(By.cssSelector("#confirm-list tbody tr"), 3));
                Browsers.screenshot(driver, "browse-bulk-clear-confirm");
                // The confirmation page has the same address: the click waits for the page that replaces it.
                Browsers.click(driver, By.id("confirm"), Browsers.at("/browse/task-instances"));
                for (int day = 1; day <= 5; day++) {
                    String runId = "manual__2024-03-0" + day + "T00:00:00+00:00";
                    TaskState expected = day >= 2 && day <= 4 ? TaskState.NONE : TaskState.SUCCESS;
                    assertThat(instance(server, "daily", runId, "load").state())
                            .as("day %d", day)
                            .isEqualTo(expected);
                }
                driver.get(server.url("/browse/runs?dag_id=daily&state=running"));
                assertThat(driver.findElements(By.cssSelector("#runs tbody tr")))
                        .hasSize(3);
                Browsers.screenshot(driver, "browse-runs");
            } finally {
                driver.quit();
            }
        }
    }

    @Test
    void anAdminEditsAVariableAndAViewerCannotReachTheAdminPages() throws Exception {
        try (WebTestServer server = WebTestServer.start(Map.of("daily.yaml", DAILY))) {
            server.weir().store().useTransaction(s -> {
                s.variables().set("region", "eu-west-1", "where the bucket is");
                s.variables().set("vendor_api_token", "tok-5f2a9c1e-secret", null);
            });
            WebDriver driver = Browsers.open();
            try {
                Browsers.signIn(driver, server, "admin");
                Browsers.click(driver, By.id("menu-variables"), Browsers.shows(By.id("variables")));
                assertThat(driver.getPageSource()).doesNotContain("tok-5f2a9c1e-secret");
                assertThat(driver.findElement(By.cssSelector("tr[data-key='vendor_api_token'] .value"))
                                .getText())
                        .isEqualTo("***");
                Browsers.click(driver, By.cssSelector("tr[data-key='region'] a.edit"), Browsers.shows(By.id("value")));
                WebElement value = driver.findElement(By.id("value"));
                assertThat(value.getDomProperty("value")).isEqualTo("eu-west-1");
                value.clear();
                value.sendKeys("us-east-1");
                Browsers.screenshot(driver, "variable-edit");
                Browsers.click(driver, By.id("save"), Browsers.shows(By.id("variables")));
                assertThat(driver.findElement(By.cssSelector("tr[data-key='region'] .value"))
                                .getText())
                        .isEqualTo("us-east-1");
                assertThat(server.weir()
                                .store()
                                .inTransaction(s -> s.variables().get("region"))
                                .orElseThrow()
                                .value())
                        .isEqualTo("us-east-1");
                // A secret's edit form shows no value; saved empty, the stored one stays.
                Browsers.click(
                        driver,
                        By.cssSelector("tr[data-key='vendor_api_token'] a.edit"),
                        Browsers.shows(By.id("variable-form")));
                assertThat(driver.getPageSource()).doesNotContain("tok-5f2a9c1e-secret");
                Browsers.click(driver, By.id("save"), Browsers.shows(By.id("variables")));
                assertThat(server.weir()
                                .store()
                                .inTransaction(s -> s.variables().get("vendor_api_token"))
                                .orElseThrow()
                                .value())
                        .isEqualTo("tok-5f2a9c1e-secret");
                Browsers.screenshot(driver, "variables");
                Browsers.click(driver, By.id("menu-pools"), Browsers.shows(By.id("pools")));
                assertThat(driver.findElement(By.cssSelector("tr[data-pool='default_pool']"))
                                .getText())
                        .contains("default_pool");
                Browsers.click(driver, By.id("menu-users"), Browsers.shows(By.id("users")));
                assertThat(driver.findElements(By.cssSelector("#users tbody tr")))
                        .hasSize(4);
                Browsers.screenshot(driver, "users");
                driver.get(server.url("/audit?event=variable.set"));
                assertThat(driver.findElements(By.cssSelector("#audit tbody tr")))
                        .hasSize(2);
            } finally {
                driver.quit();
            }
            WebDriver viewer = Browsers.open();
            try {
                Browsers.signIn(viewer, server, "viewer");
                assertThat(viewer.findElements(By.id("menu-variables"))).isEmpty();
                for (String page : List.of("/admin/variables", "/admin/users", "/admin/pools")) {
                    viewer.get(server.url(page));
                    assertThat(viewer.getPageSource()).contains("Only an Admin may open " + page);
                }
                viewer.get(server.url("/admin/variables/export"));
                assertThat(viewer.getPageSource()).doesNotContain("eu-west-1").doesNotContain("tok-5f2a9c1e");
                Browsers.screenshot(viewer, "admin-refused-viewer");
            } finally {
                viewer.quit();
            }
        }
    }

    @Test
    void aSchedulerOutsideTheWebServerStillTurnsTheGridCellsRunningThenSuccess() throws Exception {
        try (WebTestServer server = WebTestServer.start(Map.of("slow.yaml", BrowserIT.SLOW))) {
            server.weir().store().useTransaction(s -> s.dags().setPaused("slow", false));
            // The scheduler tells the web server nothing, as one in another process (`weir scheduler`) would not.
            Scheduler scheduler = server.weir().scheduler(SchedulerListener.NONE);
            Thread loop = new Thread(scheduler::run, "operate-it-outside-scheduler");
            WebDriver driver = Browsers.open();
            try {
                Browsers.signIn(driver, server, "viewer");
                driver.get(server.url("/dags/slow"));
                org.openqa.selenium.JavascriptExecutor js = (org.openqa.selenium.JavascriptExecutor) driver;
                js.executeScript("window.weirSamePage = true; window.weirSeen = {};"
                        + "new MutationObserver(() => document.querySelectorAll('#grid-table .cell[data-state]')"
                        + ".forEach(c => { const k = c.closest('tr').dataset.taskId + '/' + c.dataset.runId"
                        + " + '/' + c.dataset.state;"
                        + " if (!window.weirSeen[k]) window.weirSeen[k] = Date.now(); }))"
                        + ".observe(document.getElementById('grid'), {childList: true, subtree: true});");
                new WebDriverWait(driver, Duration.ofSeconds(10))
                        .until(d -> server.app().live().listeners("slow") > 0);
                String runId = server.weir().trigger("slow", DAY, null).runId();
                loop.start();
                new WebDriverWait(driver, Duration.ofSeconds(60))
                        .until(d -> js.executeScript(
                                        "return window.weirSeen[arguments[0]] || null", "wake/" + runId + "/success")
                                != null);
                assertThat(js.executeScript(
                                "return window.weirSeen[arguments[0]] || null", "nap/" + runId + "/running"))
                        .as("the page saw nap running")
                        .isNotNull();
                assertThat(js.executeScript("return window.weirSamePage === true"))
                        .isEqualTo(true);
                Browsers.screenshot(driver, "dag-grid-live-outside-scheduler");
                // Each cell turned within a second of its task's end (its end_date, written by the scheduler on
                // this machine's clock, which the browser shares), though the scheduler told the server nothing.
                for (String task : List.of("nap", "wake")) {
                    Instant ended = instance(server, "slow", runId, task).endDate();
                    Object seen =
                            js.executeScript("return window.weirSeen[arguments[0]]", task + "/" + runId + "/success");
                    assertThat(seen).as("the page saw %s finish", task).isNotNull();
                    long late = ((Number) seen).longValue() - ended.toEpochMilli();
                    System.out.printf(
                            "grid cell of %s turned %d ms after its end_date, told by the store watcher%n", task, late);
                    assertThat(late)
                            .as("milliseconds from %s's end_date to its grid cell turning success", task)
                            .isBetween(0L, 1000L);
                }
            } finally {
                driver.quit();
                scheduler.stop();
                if (loop.isAlive()) {
                    loop.join(20_000);
                }
            }
        }
    }

    @Test
    void aRunningTasksLogFollowsLiveOnItsPage() throws Exception {
        try (WebTestServer server = WebTestServer.start(Map.of("talky.yaml", TALKY))) {
            server.weir().store().useTransaction(s -> s.dags().setPaused("talky", false));
            Scheduler scheduler = server.weir().scheduler(server.app().listener());
            Thread loop = new Thread(scheduler::run, "operate-it-log-scheduler");
            WebDriver driver = Browsers.open();
            try {
                Browsers.signIn(driver, server, "viewer");
                String runId = server.weir().trigger("talky", DAY, null).runId();
                loop.start();
                new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> server.weir()
                        .store()
                        .inTransaction(s -> s.taskInstances().find("talky", runId, "chat"))
                        .map(instance -> instance.state() == TaskState.RUNNING)
                        .orElse(false));
                driver.get(server.url("/dags/talky/runs/" + runId + "/tasks/chat"));
                org.openqa.selenium.JavascriptExecutor js = (org.openqa.selenium.JavascriptExecutor) driver;
                js.executeScript("window.weirSamePage = true;");
                String first = driver.findElement(By.id("log")).getText();
                assertThat(first).as("the page opened while the task ran").doesNotContain("chat-line-8");
                assertThat(driver.findElement(By.id("log")).getDomAttribute("hx-trigger"))
                        .isEqualTo("every 1s");
                new WebDriverWait(driver, Duration.ofSeconds(30))
                        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                        .until(d -> d.findElement(By.id("log")).getText().contains("chat-line-8"));
                assertThat(js.executeScript("return window.weirSamePage === true"))
                        .as("the log grew without a reload")
                        .isEqualTo(true);
                assertThat(driver.findElement(By.id("log")).getText())
                        .contains("chat-line-1")
                        .contains("chat-line-5");
                Browsers.screenshot(driver, "task-instance-live-log");
            } finally {
                driver.quit();
                scheduler.stop();
                if (loop.isAlive()) {
                    loop.join(20_000);
                }
            }
        }
    }
}
