package io.weir.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.weir.core.state.DagRunState;
import io.weir.engine.Weir;
import io.weir.engine.scheduler.Scheduler;
import io.weir.engine.scheduler.SchedulerListener;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * /metrics in Prometheus's text format, fed by the scheduler's events (from a scheduler in the same process, or read
 * from the metadata database when the scheduler runs elsewhere), and checked by Prometheus's promtool.
 */
class MetricsIT {
    private static final String DAG =
            """
            dag_id: counted
            schedule: "@daily"
            start_date: 2024-01-01
            catchup: false
            tasks:
              extract:
                type: command
                command: |
                  echo '{"record_count": 42, "table": "orders"}' > "$WEIR_XCOM_FILE"
              load:
                type: command
                after: [extract]
                command: exit 3
            """;
    private static final String SETTINGS =
            """
            metrics:
              xcom:
                - {task_id: all, key: record_count}
                - {dag_id: counted, task_id: load, key: other_count}
            """;

    @Test
    void eventsBecomeCountersDurationsLastRunStateAndXComGaugesThatPromtoolAccepts() throws Exception {
        try (WebTestServer server = WebTestServer.start(Map.of("counted.yaml", DAG), SETTINGS)) {
            server.weir()
                    .test(
                            "counted",
                            Instant.parse("2024-01-01T00:00:00Z"),
                            server.app().listener());

            HttpResponse<String> response = server.send("GET", "/metrics", null, null);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
            String metrics = response.body();
            assertThat(metrics)
                    .contains("weir_task_finishes_total{dag_id=\"counted\",state=\"success\",task_id=\"extract\"} 1")
                    .contains("weir_task_finishes_total{dag_id=\"counted\",state=\"failed\",task_id=\"load\"} 1")
                    .contains("weir_task_duration_seconds_count{dag_id=\"counted\",task_id=\"extract\"} 1")
                    .contains("weir_dag_run_duration_seconds_count{dag_id=\"counted\",state=\"failed\"} 1")
                    .contains("weir_dag_last_run{dag_id=\"counted\",state=\"failed\"} 1")
                    .contains("weir_dag_last_run{dag_id=\"counted\",state=\"success\"} 0")
                    .contains("weir_xcom_value{dag_id=\"counted\",key=\"record_count\",task_id=\"extract\"} 42")
                    .contains("weir_import_errors 0")
                    .contains("weir_tasks_running 0")
                    .contains("weir_executor_open_slots 32")
                    .contains("weir_scheduler_heartbeat_age_seconds -1");
            assertThat(metrics)
                    .as("the scheduler loop's passes are timed")
                    .containsPattern("weir_scheduler_loop_duration_seconds_count [1-9]")
                    .contains("weir_scheduler_loop_duration_seconds_bucket{le=\"0.1\"}");
            assertThat(metrics).as("a failed try's XComs are no gauge").doesNotContain("other_count");
            assertThat(server.send("GET", "/admin/metrics", null, null).body()).contains("weir_task_finishes_total");

            promtoolAccepts(metrics);
        }
    }

    private static final String GAUGED =
            """
            dag_id: gauged
            start_date: 2024-01-01
            tasks:
              extract:
                type: command
                command: |
                  day={{ ds_nodash }}
                  echo "{\\"record_count\\": $((day % 100)), \\"rows_loaded\\": 5}" > "$WEIR_XCOM_FILE"
              check:
                type: command
                after: [extract]
                command: |
                  echo '{"rows_loaded": 9, "record_count": 70}' > "$WEIR_XCOM_FILE"
            """;
    private static final String GAUGE_RULES =
            """
            metrics:
              xcom:
                - {task_id: all, key: record_count}
                - {dag_id: gauged, task_id: extract, key: rows_loaded}
                - {dag_id: elsewhere, task_id: check, key: rows_loaded}
            """;

    @Test
    void anXComGaugeFollowsTheLatestSuccessfulTryOfEachTaskItsRuleNames() throws Exception {
        try (WebTestServer server = WebTestServer.start(Map.of("gauged.yaml", GAUGED), GAUGE_RULES)) {
            server.weir()
                    .test(
                            "gauged",
                            Instant.parse("2024-01-01T00:00:00Z"),
                            server.app().listener());
            String first = server.send("GET", "/metrics", null, null).body();
            assertThat(first)
                    .containsPattern(
                            "weir_xcom_value\\{dag_id=\"gauged\",key=\"record_count\",task_id=\"extract\"} 1(\\.0)?\n")
                    .containsPattern(
                            "weir_xcom_value\\{dag_id=\"gauged\",key=\"record_count\",task_id=\"check\"} 70(\\.0)?\n")
                    .containsPattern(
                            "weir_xcom_value\\{dag_id=\"gauged\",key=\"rows_loaded\",task_id=\"extract\"} 5(\\.0)?\n")
                    .as("the rule for check names another DAG")
                    .doesNotContain("key=\"rows_loaded\",task_id=\"check\"");
            assertThat(first)
                    .containsPattern("weir_dag_last_run\\{dag_id=\"gauged\",state=\"success\"} 1(\\.0)?\n")
                    .containsPattern("weir_dag_last_run_end_seconds\\{dag_id=\"gauged\"} [1-9]")
                    .containsPattern("weir_tasks_queued 0(\\.0)?\n");

            // A later run's successful try replaces the value; the gauge is one series, not one a run.
            server.weir()
                    .test(
                            "gauged",
                            Instant.parse("2024-01-02T00:00:00Z"),
                            server.app().listener());
            String second = server.send("GET", "/metrics", null, null).body();
            assertThat(second)
                    .containsPattern(
                            "weir_xcom_value\\{dag_id=\"gauged\",key=\"record_count\",task_id=\"extract\"} 2(\\.0)?\n")
                    .containsPattern(
                            "weir_task_finishes_total\\{dag_id=\"gauged\",state=\"success\",task_id=\"extract\"} 2(\\.0)?\n");
            promtoolAccepts(second);
        }
    }

    /** Runs {@code promtool check metrics}; skipped without promtool, except in CI where it must be there. */
    private static void promtoolAccepts(String metrics) throws IOException, InterruptedException {
        boolean installed = Files.isExecutable(Path.of("/usr/bin/promtool"));
        assumeTrue(installed || "true".equals(System.getenv("CI")), "promtool is not installed");
        Process promtool = new ProcessBuilder("promtool", "check", "metrics")
                .redirectErrorStream(true)
                .start();
        promtool.getOutputStream().write(metrics.getBytes(StandardCharsets.UTF_8));
        promtool.getOutputStream().close();
        String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(promtool.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(promtool.exitValue()).as(output).isZero();
    }

    private static final String FLAKY =
            """
            dag_id: flaky
            start_date: 2024-01-01
            default_args: {retries: 2, retry_delay: 0s}
            tasks:
              extract:
                type: command
                command: |
                  if [ "$WEIR_TRY_NUMBER" -lt 3 ]; then exit 3; fi
                  echo '{"record_count": 42}' > "$WEIR_XCOM_FILE"
              load:
                type: command
                after: [extract]
                command: sleep 1
            """;
    private static final String RECORD_COUNT =
            """
            metrics:
              xcom:
                - {task_id: all, key: record_count}
            """;
    private static final Instant DAY = Instant.parse("2024-01-01T00:00:00Z");

    /** The series a run of flaky leaves, each exactly once: two tries up for retry, then successes. */
    private static final List<String> FLAKY_RUN = List.of(
            "weir_task_finishes_total{dag_id=\"flaky\",state=\"up_for_retry\",task_id=\"extract\"} 2",
            "weir_task_finishes_total{dag_id=\"flaky\",state=\"success\",task_id=\"extract\"} 1",
            "weir_task_finishes_total{dag_id=\"flaky\",state=\"success\",task_id=\"load\"} 1",
            "weir_task_duration_seconds_count{dag_id=\"flaky\",task_id=\"load\"} 1",
            "weir_dag_run_duration_seconds_count{dag_id=\"flaky\",state=\"success\"} 1",
            "weir_dag_last_run{dag_id=\"flaky\",state=\"success\"} 1",
            "weir_dag_last_run{dag_id=\"flaky\",state=\"failed\"} 0",
            "weir_xcom_value{dag_id=\"flaky\",key=\"record_count\",task_id=\"extract\"} 42");

    @Test
    void aWebServerBesideASchedulerInAnotherWeirCountsEachTryDurationsTheLastRunAndXComs() throws Exception {
        try (WebTestServer server = WebTestServer.start(Map.of("flaky.yaml", FLAKY), RECORD_COUNT)) {
            // The scheduler is another Weir on the same metadata database, as `weir scheduler` beside `weir
            // webserver` is: it tells the web server nothing.
            server.weir().store().serve();
            try (Weir other = Weir.open(server.project(), Map.of())) {
                other.store().useTransaction(s -> s.dags().setPaused("flaky", false));
                Scheduler scheduler = other.scheduler(SchedulerListener.NONE);
                Thread loop = new Thread(scheduler::run, "metrics-it-other-scheduler");
                loop.start();
                try {
                    String runId = other.trigger("flaky", DAY, null).runId();
                    String metrics = scrapeUntil(server, FLAKY_RUN.get(5));
                    assertThat(other.store()
                                    .inTransaction(s -> s.runs().find("flaky", runId))
                                    .orElseThrow()
                                    .state())
                            .isEqualTo(DagRunState.SUCCESS);
                    assertSeries(metrics, FLAKY_RUN);
                    assertThat(metrics)
                            .as("load slept a second, from the try's own start and end")
                            .containsPattern(
                                    "weir_task_duration_seconds_sum\\{dag_id=\"flaky\",task_id=\"load\"} [1-9]");
                    promtoolAccepts(metrics);
                    Thread.sleep(2_500);
                    assertSeries(server.send("GET", "/metrics", null, null).body(), FLAKY_RUN);
                } finally {
                    scheduler.stop();
                    loop.join(20_000);
                }
            }
        }
    }

    @Test
    void aSchedulerInTheServersOwnProcessIsCountedOnceThoughTheStoreWatcherRunsBeside() throws Exception {
        try (WebTestServer server = WebTestServer.start(Map.of("flaky.yaml", FLAKY), RECORD_COUNT)) {
            server.weir().store().useTransaction(s -> s.dags().setPaused("flaky", false));
            Scheduler scheduler = server.weir().scheduler(server.app().listener());
            Thread loop = new Thread(scheduler::run, "metrics-it-scheduler");
            loop.start();
            try {
                String runId = server.weir().trigger("flaky", DAY, null).runId();
                scrapeUntil(server, FLAKY_RUN.get(5));
                // Several looks of the store watcher later, nothing was counted a second time.
                Thread.sleep(2_500);
                String metrics = server.send("GET", "/metrics", null, null).body();
                assertSeries(metrics, FLAKY_RUN);
                assertThat(server.weir()
                                .store()
                                .inTransaction(s -> s.runs().find("flaky", runId))
                                .orElseThrow()
                                .state())
                        .isEqualTo(DagRunState.SUCCESS);
                promtoolAccepts(metrics);
            } finally {
                scheduler.stop();
                loop.join(20_000);
            }
        }
    }

    /** Each of {@code series} ("name{labels} value") is in {@code metrics} with exactly that value. */
    private static void assertSeries(String metrics, List<String> series) {
        for (String line : series) {
            assertThat(metrics).as("%s in%n%s", line, metrics).containsPattern(linePattern(line));
        }
    }

    private static Pattern linePattern(String line) {
        int space = line.lastIndexOf(' ');
        return Pattern.compile("(?m)^" + Pattern.quote(line.substring(0, space)) + " "
                + Pattern.quote(line.substring(space + 1)) + "(\\.0)?$");
    }

    /** Scrapes /metrics until it holds {@code line}, for up to a minute. */
    private static String scrapeUntil(WebTestServer server, String line) throws InterruptedException {
        Pattern wanted = linePattern(line);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            String metrics = server.send("GET", "/metrics", null, null).body();
            if (wanted.matcher(metrics).find()) {
                return metrics;
            }
            assertThat(System.nanoTime())
                    .as("waiting for %s in%n%s", line, metrics)
                    .isLessThan(deadline);
            Thread.sleep(200);
        }
    }
}
