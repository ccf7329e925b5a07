package io.weir.transform.artifacts;

import static io.weir.transform.run.TestManifest.config;
import static io.weir.transform.run.TestManifest.modelId;
import static io.weir.transform.run.TestManifest.testId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.transform.project.Manifest;
import io.weir.transform.run.NodeOutcome;
import io.weir.transform.run.NodeResult;
import io.weir.transform.run.NodeStatus;
import io.weir.transform.run.RunReport;
import io.weir.transform.run.TestManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunResultsWriterTest {
    private static final Instant START = Instant.parse("2024-05-01T12:00:01.250Z");

    private static final Manifest SHOP = new TestManifest()
            .model("orders.sql", config("materialized", "table"))
            .model("revenue.sql", modelId("orders"))
            .genericTest("not_null_orders_id", "not_null", modelId("orders"))
            .build();

    @TempDir
    Path dir;

    @Test
    void writesDbtsRunResultsFields() throws IOException {
        RunReport report = new RunReport(
                List.of(
                        new NodeResult(
                                modelId("orders"),
                                new NodeOutcome(NodeStatus.SUCCESS, "SELECT 42", "SELECT 42", 42, null),
                                START,
                                START.plusMillis(120),
                                1,
                                Duration.ofMillis(120)),
                        new NodeResult(
                                testId("not_null_orders_id"),
                                new NodeOutcome(
                                        NodeStatus.FAIL, "Got 3 results, configured to fail if != 0", null, -1, 3L),
                                START.plusMillis(120),
                                START.plusMillis(140),
                                0,
                                Duration.ofMillis(20)),
                        new NodeResult(
                                modelId("revenue"),
                                NodeOutcome.skipped("Skipping due to an error in model.shop.orders"),
                                START,
                                START,
                                -1,
                                Duration.ZERO)),
                START,
                Duration.ofMillis(1500),
                false);
        Path file = dir.resolve("target/run_results.json");

        RunResultsWriter.write(
                report,
                SHOP,
                Map.of(modelId("orders"), "select 42 as id"),
                Map.of("which", "build", "threads", 4),
                "4f1c0a4e-0000-4000-8000-000000000001",
                file);

        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertThat(json.path("metadata").path("dbt_schema_version").asText())
                .isEqualTo("https://schemas.getdbt.com/dbt/run-results/v5.json");
        assertThat(json.path("metadata").path("invocation_id").asText())
                .isEqualTo("4f1c0a4e-0000-4000-8000-000000000001");
        assertThat(json.path("metadata").path("generated_at").asText())
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
        assertThat(json.path("elapsed_time").asDouble()).isEqualTo(1.5);
        assertThat(json.path("args").path("which").asText()).isEqualTo("build");
        assertThat(json.path("args").path("threads").asInt()).isEqualTo(4);

        JsonNode orders = json.path("results").get(0);
        assertThat(orders.path("unique_id").asText()).isEqualTo("model.shop.orders");
        assertThat(orders.path("status").asText()).isEqualTo("success");
        assertThat(orders.path("thread_id").asText()).isEqualTo("Thread-2");
        assertThat(orders.path("execution_time").asDouble()).isEqualTo(0.12);
        assertThat(orders.path("message").asText()).isEqualTo("SELECT 42");
        assertThat(orders.path("adapter_response").path("_message").asText()).isEqualTo("SELECT 42");
        assertThat(orders.path("adapter_response").path("rows_affected").asLong())
                .isEqualTo(42);
        assertThat(orders.path("failures").isNull()).isTrue();
        assertThat(orders.path("compiled").asBoolean()).isTrue();
        assertThat(orders.path("compiled_code").asText()).isEqualTo("select 42 as id");
        assertThat(orders.path("relation_name").asText()).isEqualTo("\"db\".\"analytics\".\"orders\"");
        assertThat(orders.path("timing").get(0).path("name").asText()).isEqualTo("compile");
        JsonNode execute = orders.path("timing").get(1);
        assertThat(execute.path("name").asText()).isEqualTo("execute");
        assertThat(execute.path("started_at").asText()).isEqualTo("2024-05-01T12:00:01.250000Z");
        assertThat(execute.path("completed_at").asText()).isEqualTo("2024-05-01T12:00:01.370000Z");

        JsonNode test = json.path("results").get(1);
        assertThat(test.path("status").asText()).isEqualTo("fail");
        assertThat(test.path("failures").asLong()).isEqualTo(3);
        assertThat(test.path("message").asText()).isEqualTo("Got 3 results, configured to fail if != 0");
        assertThat(test.path("relation_name").isNull()).isTrue();
        assertThat(test.path("compiled").asBoolean()).isFalse();
        assertThat(test.path("adapter_response").isEmpty()).isTrue();

        JsonNode skipped = json.path("results").get(2);
        assertThat(skipped.path("status").asText()).isEqualTo("skipped");
        assertThat(skipped.path("timing").isEmpty()).isTrue();
        assertThat(skipped.path("thread_id").isNull()).isTrue();
        assertThat(skipped.path("message").asText()).isEqualTo("Skipping due to an error in model.shop.orders");
    }

    @Test
    void replacesAnEarlierFileWholeAndLeavesNoTemporaryFiles() throws IOException {
        Path file = dir.resolve("run_results.json");
        Files.writeString(file, "{\"old\": true}");
        RunReport empty = new RunReport(List.of(), START, Duration.ZERO, false);

        RunResultsWriter.write(empty, SHOP, Map.of(), "run", file);

        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertThat(json.has("old")).isFalse();
        assertThat(json.path("args").path("which").asText()).isEqualTo("run");
        assertThat(json.path("results").isEmpty()).isTrue();
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }
}
