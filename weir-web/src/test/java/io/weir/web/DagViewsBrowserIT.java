package io.weir.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.weir.engine.scheduler.SchedulerListener;
import io.weir.store.DagRunRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/** The DAG page's tabs in headless Chromium: graph, Gantt, durations, landing times, runs, code and trigger. */
class DagViewsBrowserIT {
    /** A task that fails its first try and succeeds on its retry, so the Gantt chart has a retry to show. */
    static final String FLAKY =
            """
            dag_id: flaky
            description: "<script>alert('graph')</script>"
            start_date: 2024-01-01
            tasks:
              extract:
                type: command
                command: echo extracted
              flap:
                type: command
                after: [extract]
                retries: 1
                retry_delay: 0s
                command: test "{{ ti.try_number }}" = 2 || exit 3
              load:
                type: command
                after: [flap]
                command: echo "loaded {{ ds }}"
            """;

    @Test
    void theTabsDrawTheGraphTheGanttWithItsRetryTheChartsAndTheCode() throws Exception {
        assumeTrue(Browsers.available(), "Chromium and chromium-driver are not installed");
        try (WebTestServer server = WebTestServer.start(Map.of("flaky.yaml", FLAKY))) {
            DagRunRecord run = server.weir()
                    .test("flaky", Instant.parse("2024-01-02T00:00:00Z"), SchedulerListener.NONE)
                    .run();
            WebDriver driver = Browsers.open();
            try {
                Browsers.signIn(driver, server, "op");
                driver.get(server.url("/dags/flaky/graph"));
                List<String> nodes = driver.findElements(By.cssSelector("#graph rect")).stream()
                        .map(node -> node.getDomAttribute("data-title"))
                        .toList();
                assertThat(nodes).containsExactlyInAnyOrder("extract: success", "flap: success", "load: success");
                assertThat(driver.findElements(By.cssSelector("#graph path.edge")))
                        .hasSize(2);
                // The description is text, never a script.
                assertThat(driver.findElement(By.className("description")).getText())
                        .isEqualTo("<script>alert('graph')</script>");
                Browsers.screenshot(driver, "dag-graph");

                Browsers.click(driver, By.id("tab-gantt"), Browsers.shows(By.id("gantt")));
                assertThat(driver.findElements(By.cssSelector("#gantt rect.try-earlier")))
                        .as("the failed first try of flap")
                        .hasSize(1);
                assertThat(driver.findElement(By.cssSelector("#gantt rect.try-earlier"))
                                .getDomAttribute("data-title"))
                        .startsWith("flap try 1: up_for_retry");
                assertThat(driver.findElements(By.cssSelector("#gantt rect.success")))
                        .hasSize(3);
                Browsers.screenshot(driver, "dag-gantt");

                Browsers.click(driver, By.id("tab-durations"), Browsers.shows(By.id("durations")));
                assertThat(driver.findElements(By.cssSelector("#durations rect.point")))
                        .hasSize(3);
                Browsers.screenshot(driver, "dag-durations");
                Browsers.click(driver, By.id("tab-landing"), Browsers.shows(By.id("landing")));
                assertThat(driver.findElements(By.cssSelector("#landing rect.bar")))
                        .hasSize(1);
                Browsers.screenshot(driver, "dag-landing-times");

                Browsers.click(driver, By.id("tab-code"), Browsers.shows(By.id("code")));
                assertThat(driver.findElement(By.id("code")).getText())
                        .contains("dag_id: flaky")
                        .contains("retries: 1");
                assertThat(driver.findElements(By.cssSelector("#code .yaml-key")))
                        .isNotEmpty();
                Browsers.screenshot(driver, "dag-code");

                driver.get(server.url("/dags/flaky/runs/" + run.runId() + "/tasks/flap"));
                assertThat(driver.findElements(By.cssSelector("#tries-table tbody tr")))
                        .hasSize(2);
                assertThat(driver.findElement(By.cssSelector("#tries-table tr[data-try='1']"))
                                .getText())
                        .contains("up_for_retry")
                        .contains("exit code 3");
                driver.get(server.url("/dags/flaky/runs/" + run.runId() + "/tasks/load"));
                assertThat(driver.findElement(By.id("rendered")).getText()).contains("echo \"loaded 2024-01-02\"");

                driver.get(server.url("/dags/flaky"));
                Browsers.click(driver, By.id("trigger-with-config"), Browsers.shows(By.id("conf")));
                driver.findElement(By.id("logical-date")).sendKeys("2024-02-01T06:00");
                driver.findElement(By.id("conf")).clear();
                driver.findElement(By.id("conf")).sendKeys("{\"full\": true}");
                Browsers.screenshot(driver, "dag-trigger-form");
                Browsers.click(driver, By.id("trigger-submit"), Browsers.at("/dags/flaky"));
                DagRunRecord triggered = server.weir()
                        .store()
                        .inTransaction(s -> s.runs().findByLogicalDate("flaky", Instant.parse("2024-02-01T06:00:00Z")))
                        .orElseThrow();
                assertThat(triggered.conf()).isEqualTo("{\"full\":true}");
                Browsers.click(driver, By.id("tab-runs"), Browsers.shows(By.id("run-history")));
                assertThat(driver.findElements(By.cssSelector("#run-history tbody tr")))
                        .hasSize(2);
                Browsers.screenshot(driver, "dag-runs");
                // A conf that is not a JSON object is refused with the reason, and nothing is triggered.
                driver.get(server.url("/dags/flaky/trigger"));
                driver.findElement(By.id("conf")).clear();
                driver.findElement(By.id("conf")).sendKeys("[1, 2]");
                Browsers.click(
                        driver, By.id("trigger-submit"), d -> d.getPageSource().contains("must be a JSON object"));
                assertThat((int) server.weir().store().inTransaction(s -> s.runs()
                                .count("flaky", null)))
                        .isEqualTo(2);
            } finally {
                driver.quit();
            }
        }
    }
}
