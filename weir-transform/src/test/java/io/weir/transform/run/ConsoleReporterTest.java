package io.weir.transform.run;

import static io.weir.transform.run.TestManifest.config;
import static io.weir.transform.run.TestManifest.modelId;
import static io.weir.transform.run.TestManifest.seedId;
import static io.weir.transform.run.TestManifest.testId;
import static org.assertj.core.api.Assertions.assertThat;

import io.weir.transform.project.Manifest;
import io.weir.transform.project.Node;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConsoleReporterTest {
    private static final Clock NOON = Clock.fixed(Instant.parse("2024-05-01T12:00:01Z"), ZoneOffset.UTC);

    private static final Manifest SHOP = new TestManifest()
            .seed("raw_orders")
            .model("orders.sql", config("materialized", "table"), seedId("raw_orders"))
            .model("customers.sql", seedId("raw_orders"))
            .model("revenue.sql", config("materialized", "table"), modelId("customers"))
            .genericTest("not_null_orders_id", "not_null", modelId("orders"))
            .genericTest("unique_orders_id", "unique", modelId("orders"))
            .build();

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final ConsoleReporter reporter =
            new ConsoleReporter(new PrintStream(bytes, true, StandardCharsets.UTF_8), NOON);
    private final List<NodeResult> results = new ArrayList<>();

    @Test
    void printsEachNodeAndTheSummaryAsDbtDoes() {
        List<Node> nodes = List.copyOf(SHOP.nodes().values());
        reporter.runStarted(nodes);
        finish(1, seedId("raw_orders"), new NodeOutcome(NodeStatus.SUCCESS, "INSERT 3", "INSERT", 3, null), 50);
        finish(2, modelId("orders"), new NodeOutcome(NodeStatus.SUCCESS, "SELECT 42", "SELECT", 42, null), 120);
        finish(3, modelId("customers"), NodeOutcome.error("Parser Error: syntax error at or near \"form\""), 10);
        finish(4, modelId("revenue"), NodeOutcome.skipped("Skipping due to an error in model.shop.customers"), 0);
        finish(
                5,
                testId("not_null_orders_id"),
                new NodeOutcome(NodeStatus.FAIL, "Got 3 results, configured to fail" + " if != 0", null, -1, 3L),
                20);
        finish(
                6,
                testId("unique_orders_id"),
                new NodeOutcome(NodeStatus.WARN, "Got 2 results, configured to warn" + " if != 0", null, -1, 2L),
                20);
        reporter.runFinished(new RunReport(results, NOON.instant(), Duration.ofMillis(1234), false));

        assertThat(bytes.toString(StandardCharsets.UTF_8).lines())
                .containsExactly(
                        "12:00:01  1 of 6 START seed file analytics.raw_orders .................................... [RUN]",
                        "12:00:01  1 of 6 OK loaded seed file analytics.raw_orders ................................ [INSERT 3 in 0.05s]",
                        "12:00:01  2 of 6 START sql table model analytics.orders .................................. [RUN]",
                        "12:00:01  2 of 6 OK created sql table model analytics.orders ............................. [SELECT 42 in 0.12s]",
                        "12:00:01  3 of 6 START sql view model analytics.customers ................................ [RUN]",
                        "12:00:01  3 of 6 ERROR creating sql view model analytics.customers ....................... [ERROR in 0.01s]",
                        "12:00:01  4 of 6 SKIP relation analytics.revenue ......................................... [SKIP]",
                        "12:00:01  5 of 6 START test not_null_orders_id ........................................... [RUN]",
                        "12:00:01  5 of 6 FAIL 3 not_null_orders_id ............................................... [FAIL 3 in 0.02s]",
                        "12:00:01  6 of 6 START test unique_orders_id ............................................. [RUN]",
                        "12:00:01  6 of 6 WARN 2 unique_orders_id ................................................. [WARN 2 in 0.02s]",
                        "12:00:01  ",
                        "12:00:01  Finished running 1 seed, 2 table models, 1 view model, 2 tests in 0 hours 0 minutes"
                                + " and 1.23 seconds (1.23s).",
                        "12:00:01  ",
                        "12:00:01  Completed with 2 errors and 1 warning:",
                        "12:00:01  ",
                        "12:00:01  Runtime Error in model customers (models/customers.sql)",
                        "12:00:01    Parser Error: syntax error at or near \"form\"",
                        "12:00:01  ",
                        "12:00:01  Failure in test not_null_orders_id (models/schema.yml)",
                        "12:00:01    Got 3 results, configured to fail if != 0",
                        "12:00:01  ",
                        "12:00:01  Warning in test unique_orders_id (models/schema.yml)",
                        "12:00:01    Got 2 results, configured to warn if != 0",
                        "12:00:01  ",
                        "12:00:01  Done. PASS=2 WARN=1 ERROR=2 SKIP=1 TOTAL=6");
    }

    @Test
    void aCleanRunCompletesSuccessfully() {
        Manifest manifest = new TestManifest().seed("raw_orders").build();
        Node seed = manifest.nodes().get(seedId("raw_orders"));
        RunReport report = new Runner(NOON)
                .run(
                        manifest,
                        Set.of(seed.uniqueId()),
                        new RunOptions(1, false, false),
                        (node, thread) -> new NodeOutcome(NodeStatus.SUCCESS, "INSERT 7", "INSERT", 7, null),
                        reporter);

        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(report.success()).isTrue();
        assertThat(lines.get(1))
                .matches("12:00:01  1 of 1 OK loaded seed file analytics.raw_orders \\.+ \\[INSERT 7 in"
                        + " \\d\\.\\d\\ds]");
        assertThat(lines.get(3)).startsWith("12:00:01  Finished running 1 seed in 0 hours 0 minutes and ");
        assertThat(lines)
                .contains("12:00:01  Completed successfully")
                .endsWith("12:00:01  Done. PASS=1 WARN=0 ERROR=0 SKIP=0 TOTAL=1");
    }

    @Test
    void longNamesAreNotCutInResultLinesButStartLinesAreTruncated() {
        String name = "a_model_with_a_name_long_enough_to_run_past_the_width_of_the_console_line";
        Manifest manifest = new TestManifest().model(name + ".sql").build();
        Node node = manifest.nodes().get(modelId(name));
        reporter.nodeStarted(node, 1, 1);
        reporter.nodeFinished(node, result(node.uniqueId(), NodeOutcome.error("boom"), 10), 1, 1);

        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.get(0))
                .isEqualTo(
                        "12:00:01  1 of 1 START sql view model analytics.a_model_with_a_name_long_enough_to_run_... [RUN]");
        assertThat(lines.get(1))
                .isEqualTo("12:00:01  1 of 1 ERROR creating sql view model analytics." + name + "  [ERROR in 0.01s]");
    }

    private void finish(int index, String uniqueId, NodeOutcome outcome, long millis) {
        Node node = SHOP.nodes().get(uniqueId);
        if (outcome.status() != NodeStatus.SKIPPED) {
            reporter.nodeStarted(node, index, 6);
        }
        NodeResult result = result(uniqueId, outcome, millis);
        results.add(result);
        reporter.nodeFinished(node, result, index, 6);
    }

    private static NodeResult result(String uniqueId, NodeOutcome outcome, long millis) {
        return new NodeResult(
                uniqueId, outcome, NOON.instant(), NOON.instant().plusMillis(millis), 0, Duration.ofMillis(millis));
    }
}
