package io.weir.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** /metrics in Prometheus's text format, fed by the scheduler's events, and checked by Prometheus's promtool. */
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
                            server.app().metrics());

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
                            server.app().metrics());
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
                            server.app().metrics());
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
}
