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
