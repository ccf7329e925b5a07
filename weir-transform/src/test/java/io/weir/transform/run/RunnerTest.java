package io.weir.transform.run;

import static io.weir.transform.run.TestManifest.config;
import static io.weir.transform.run.TestManifest.modelId;
import static io.weir.transform.run.TestManifest.seedId;
import static io.weir.transform.run.TestManifest.testId;
import static org.assertj.core.api.Assertions.assertThat;

import io.weir.transform.project.Manifest;
import io.weir.transform.project.Node;
import io.weir.transform.project.ResourceType;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class RunnerTest {
    /** seeds -> staging -> ephemeral -> marts, with tests on staging and marts. */
    private static final Manifest SHOP = new TestManifest()
            .seed("raw_orders")
            .seed("raw_customers")
            .model("staging/stg_orders.sql", seedId("raw_orders"))
            .model("staging/stg_customers.sql", seedId("raw_customers"))
            .model("intermediate/int_orders.sql", config("materialized", "ephemeral"), modelId("stg_orders"))
            .model("marts/orders.sql", config("materialized", "table"), modelId("int_orders"), modelId("stg_customers"))
            .model("marts/customers.sql", config("materialized", "table"), modelId("stg_customers"))
            .model("marts/revenue.sql", config("materialized", "table"), modelId("orders"))
            .genericTest("not_null_stg_orders_id", "not_null", modelId("stg_orders"))
            .genericTest("unique_stg_customers_id", "unique", modelId("stg_customers"))
            .genericTest("relationships_orders_customers", "relationships", modelId("orders"), modelId("customers"))
            .build();

    private static Set<String> all() {
        return Selector.select(SHOP, List.of(), List.of(), Set.of());
    }

    @Test
    void parentsEndBeforeChildrenStartWithOneThread() {
        assertDependencyOrder(1);
    }

    @Test
    void parentsEndBeforeChildrenStartWithFourThreads() {
        for (int attempt = 0; attempt < 20; attempt++) {
            assertDependencyOrder(4);
        }
    }

    private void assertDependencyOrder(int threads) {
        Recorder recorder = new Recorder();
        RunReport report =
                new Runner().run(SHOP, all(), new RunOptions(threads, false, true), recorder, RunListener.NONE);

        assertThat(report.success()).isTrue();
        assertThat(recorder.started).doesNotContain(modelId("int_orders"));
        assertThat(report.results()).extracting(NodeResult::uniqueId).doesNotContain(modelId("int_orders"));
        assertThat(report.results()).hasSize(10);
        recorder.assertBefore(seedId("raw_orders"), modelId("stg_orders"));
        recorder.assertBefore(modelId("stg_orders"), modelId("orders"));
        recorder.assertBefore(modelId("stg_customers"), modelId("orders"));
        recorder.assertBefore(modelId("orders"), modelId("revenue"));
        recorder.assertBefore(modelId("orders"), testId("relationships_orders_customers"));
        recorder.assertBefore(modelId("customers"), testId("relationships_orders_customers"));
        // Build order: a node waits for the tests of what it reads, through the ephemeral model too.
        recorder.assertBefore(testId("not_null_stg_orders_id"), modelId("orders"));
        recorder.assertBefore(testId("unique_stg_customers_id"), modelId("customers"));
        assertThat(report.results())
                .allSatisfy(result -> assertThat(result.threadIndex()).isBetween(0, threads - 1));
    }

    @Test
    void independentNodesRunAtTheSameTime() {
        CyclicBarrier bothRunning = new CyclicBarrier(2);
        NodeAction action = (node, thread) -> {
            bothRunning.await(5, TimeUnit.SECONDS);
            return success();
        };
        RunReport report = new Runner()
                .run(
                        SHOP,
                        Set.of(seedId("raw_orders"), seedId("raw_customers")),
                        new RunOptions(2, false, false),
                        action,
                        RunListener.NONE);

        assertThat(report.results()).extracting(NodeResult::status).containsOnly(NodeStatus.SUCCESS);
        assertThat(report.results()).extracting(NodeResult::threadIndex).containsExactlyInAnyOrder(0, 1);
    }

    @Test
    void withoutBuildOrderTestsDoNotHoldBackModels() {
        Recorder recorder = new Recorder();
        recorder.block(testId("not_null_stg_orders_id"), NodeStatus.FAIL);
        RunReport report = new Runner().run(SHOP, all(), new RunOptions(1, false, false), recorder, RunListener.NONE);

        assertThat(status(report, testId("not_null_stg_orders_id"))).isEqualTo(NodeStatus.FAIL);
        assertThat(status(report, modelId("orders"))).isEqualTo(NodeStatus.SUCCESS);
        assertThat(status(report, modelId("revenue"))).isEqualTo(NodeStatus.SUCCESS);
    }

    @Test
    void unselectedParentsAreTakenAsBuiltAndOrderPassesThroughThem() {
        Recorder recorder = new Recorder();
        Set<String> selected = Set.of(seedId("raw_orders"), modelId("revenue"));
        RunReport report =
                new Runner().run(SHOP, selected, new RunOptions(4, false, false), recorder, RunListener.NONE);

        assertThat(report.results())
                .extracting(NodeResult::uniqueId)
                .containsExactly(seedId("raw_orders"), modelId("revenue"));
    }

    @Test
    void anErrorSkipsOnlyItsDescendants() {
        Recorder recorder = new Recorder();
        recorder.block(modelId("stg_customers"), NodeStatus.ERROR);
        RunReport report = new Runner().run(SHOP, all(), new RunOptions(2, false, false), recorder, RunListener.NONE);

        assertThat(status(report, modelId("stg_customers"))).isEqualTo(NodeStatus.ERROR);
        assertThat(status(report, modelId("stg_orders"))).isEqualTo(NodeStatus.SUCCESS);
        assertThat(status(report, testId("not_null_stg_orders_id"))).isEqualTo(NodeStatus.PASS);
        for (String skipped : List.of(
                modelId("orders"),
                modelId("customers"),
                modelId("revenue"),
                testId("unique_stg_customers_id"),
                testId("relationships_orders_customers"))) {
            NodeResult result = report.result(skipped).orElseThrow();
            assertThat(result.status()).as(skipped).isEqualTo(NodeStatus.SKIPPED);
            assertThat(result.outcome().message()).isEqualTo("Skipping due to an error in model.shop.stg_customers");
        }
        assertThat(recorder.started).doesNotContain(modelId("orders"), modelId("revenue"));
        assertThat(report.success()).isFalse();
        assertThat(report.cancelled()).isFalse();
        assertThat(report.counts())
                .containsEntry(NodeStatus.ERROR, 1)
                .containsEntry(NodeStatus.SKIPPED, 5)
                .containsEntry(NodeStatus.SUCCESS, 3)
                .containsEntry(NodeStatus.PASS, 1);
    }

    @Test
    void aFailingTestInBuildOrderSkipsTheTestedNodesDescendants() {
        Recorder recorder = new Recorder();
        recorder.block(testId("not_null_stg_orders_id"), NodeStatus.FAIL);
        RunReport report = new Runner().run(SHOP, all(), new RunOptions(4, false, true), recorder, RunListener.NONE);

        assertThat(status(report, modelId("stg_orders"))).isEqualTo(NodeStatus.SUCCESS);
        assertThat(status(report, testId("not_null_stg_orders_id"))).isEqualTo(NodeStatus.FAIL);
        assertThat(report.result(modelId("orders")).orElseThrow().outcome().message())
                .isEqualTo("Skipping due to the failing test test.shop.not_null_stg_orders_id");
        assertThat(status(report, modelId("revenue"))).isEqualTo(NodeStatus.SKIPPED);
        assertThat(status(report, testId("relationships_orders_customers"))).isEqualTo(NodeStatus.SKIPPED);
        assertThat(status(report, modelId("customers"))).isEqualTo(NodeStatus.SUCCESS);
    }

    @Test
    void aWarningTestInBuildOrderSkipsNothing() {
        Recorder recorder = new Recorder();
        recorder.block(testId("not_null_stg_orders_id"), NodeStatus.WARN);
        RunReport report = new Runner().run(SHOP, all(), new RunOptions(4, false, true), recorder, RunListener.NONE);

        assertThat(report.counts()).containsEntry(NodeStatus.SKIPPED, 0).containsEntry(NodeStatus.WARN, 1);
        assertThat(report.success()).isTrue();
    }

    @Test
    void anExceptionBecomesAnErrorWithItsMessage() {
        NodeAction action = (node, thread) -> {
            if (node.name().equals("stg_orders")) {
                throw new IllegalStateException("relation \"raw_orders\" does not exist");
            }
            return success();
        };
        RunReport report = new Runner().run(SHOP, all(), new RunOptions(2, false, false), action, RunListener.NONE);

        NodeResult result = report.result(modelId("stg_orders")).orElseThrow();
        assertThat(result.status()).isEqualTo(NodeStatus.ERROR);
        assertThat(result.outcome().message()).isEqualTo("relation \"raw_orders\" does not exist");
        assertThat(status(report, modelId("orders"))).isEqualTo(NodeStatus.SKIPPED);
    }

    @Test
    void failFastStartsNothingAfterTheFirstError() {
        Recorder recorder = new Recorder();
        recorder.block(seedId("raw_orders"), NodeStatus.ERROR);
        RunReport report = new Runner().run(SHOP, all(), new RunOptions(1, true, true), recorder, RunListener.NONE);

        assertThat(recorder.started).containsExactly(seedId("raw_orders"));
        assertThat(report.results()).hasSize(10);
        assertThat(report.counts()).containsEntry(NodeStatus.ERROR, 1).containsEntry(NodeStatus.SKIPPED, 9);
        assertThat(report.cancelled()).isTrue();
        assertThat(report.result(modelId("customers")).orElseThrow().outcome().message())
                .isEqualTo("Skipping due to fail-fast: seed.shop.raw_orders did not succeed");
    }

    @Test
    void failFastCancelsNodesRunningOnOtherWorkers() {
        CountDownLatch customersRunning = new CountDownLatch(1);
        CountDownLatch customersCancelled = new CountDownLatch(1);
        Runner runner = new Runner();
        for (int thread = 0; thread < 2; thread++) {
            runner.setCancelHook(thread, customersCancelled::countDown);
        }
        NodeAction action = (node, thread) -> {
            if (node.uniqueId().equals(seedId("raw_customers"))) {
                customersRunning.countDown();
                if (!customersCancelled.await(10, TimeUnit.SECONDS)) {
                    return success();
                }
                throw new IllegalStateException("canceling statement due to user request");
            }
            customersRunning.await(10, TimeUnit.SECONDS);
            return NodeOutcome.error("syntax error at or near \"form\"");
        };
        long start = System.nanoTime();
        RunReport report = runner.run(SHOP, all(), new RunOptions(2, true, false), action, RunListener.NONE);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(status(report, seedId("raw_orders"))).isEqualTo(NodeStatus.ERROR);
        NodeResult cancelled = report.result(seedId("raw_customers")).orElseThrow();
        assertThat(cancelled.status()).isEqualTo(NodeStatus.SKIPPED);
        assertThat(cancelled.outcome().message()).startsWith("Cancelled");
        assertThat(report.counts()).containsEntry(NodeStatus.ERROR, 1).containsEntry(NodeStatus.SKIPPED, 9);
    }

    @Test
    void cancelFromAnotherThreadStopsTheRunPromptly() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch released = new CountDownLatch(1);
        Runner runner = new Runner();
        runner.setCancelHook(0, released::countDown);
        NodeAction action = (node, thread) -> {
            if (node.uniqueId().equals(modelId("stg_orders"))) {
                running.countDown();
                released.await();
                throw new IllegalStateException("Cancelled while running on target dev");
            }
            return success();
        };
        AtomicReference<RunReport> report = new AtomicReference<>();
        Thread run = new Thread(
                () -> report.set(runner.run(SHOP, all(), new RunOptions(1, false, false), action, RunListener.NONE)));
        run.start();
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        long start = System.nanoTime();
        runner.cancel();
        run.join(5_000);

        assertThat(run.isAlive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(report.get().cancelled()).isTrue();
        assertThat(report.get().success()).isFalse();
        assertThat(status(report.get(), seedId("raw_orders"))).isEqualTo(NodeStatus.SUCCESS);
        assertThat(report.get()
                        .result(modelId("stg_orders"))
                        .orElseThrow()
                        .outcome()
                        .message())
                .startsWith("Cancelled");
        assertThat(report.get()
                        .result(modelId("revenue"))
                        .orElseThrow()
                        .outcome()
                        .message())
                .isEqualTo("Skipping because the run was cancelled");
        assertThat(report.get().results()).hasSize(10);
    }

    @Test
    void aNodeThatIgnoresCancelIsLeftBehindAfterTheGracePeriod() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        Runner runner = new Runner(Clock.systemUTC(), Duration.ofMillis(200));
        NodeAction action = (node, thread) -> {
            running.countDown();
            while (never.getCount() > 0) {
                try {
                    never.await();
                } catch (InterruptedException ignored) {
                    // Deaf to cancellation on purpose.
                }
            }
            return success();
        };
        AtomicReference<RunReport> report = new AtomicReference<>();
        Thread run = new Thread(() -> report.set(runner.run(
                SHOP, Set.of(seedId("raw_orders")), new RunOptions(1, false, false), action, RunListener.NONE)));
        run.start();
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        runner.cancel();
        run.join(5_000);
        never.countDown();

        assertThat(run.isAlive()).isFalse();
        NodeResult result = report.get().results().get(0);
        assertThat(result.status()).isEqualTo(NodeStatus.SKIPPED);
        assertThat(result.outcome().message()).isEqualTo("Cancelled while running");
    }

    @Test
    void listenersHearEveryNodeWithItsNumber() {
        List<String> events = new CopyOnWriteArrayList<>();
        RunListener listener = new RunListener() {
            @Override
            public void runStarted(List<Node> nodes) {
                events.add("run " + nodes.size());
            }

            @Override
            public void nodeStarted(Node node, int index, int total) {
                events.add("start " + index + "/" + total + " " + node.name());
            }

            @Override
            public void nodeFinished(Node node, NodeResult result, int index, int total) {
                events.add(result.status().resultName() + " " + index + "/" + total + " " + node.name());
            }

            @Override
            public void runFinished(RunReport report) {
                events.add("done " + report.results().size());
            }
        };
        Recorder recorder = new Recorder();
        recorder.block(seedId("raw_customers"), NodeStatus.ERROR);
        Set<String> selected =
                Selector.select(SHOP, List.of(), List.of(), Set.of(ResourceType.SEED, ResourceType.MODEL));
        new Runner().run(SHOP, selected, new RunOptions(1, false, false), recorder, listener);

        assertThat(events)
                .containsExactly(
                        "run 7",
                        "start 1/7 raw_orders",
                        "success 1/7 raw_orders",
                        "start 2/7 raw_customers",
                        "error 2/7 raw_customers",
                        "start 3/7 stg_orders",
                        "success 3/7 stg_orders",
                        "skipped 4/7 stg_customers",
                        "skipped 5/7 orders",
                        "skipped 6/7 customers",
                        "skipped 7/7 revenue",
                        "done 7");
    }

    @Test
    void theRunnerAddsLittleTimePerNode() {
        TestManifest chain = new TestManifest().seed("start");
        String previous = seedId("start");
        for (int i = 0; i < 2000; i++) {
            chain.model("m" + i + ".sql", previous);
            previous = modelId("m" + i);
        }
        Manifest manifest = chain.build();
        Set<String> selected = manifest.nodes().keySet();
        NodeAction nothing = (node, thread) -> success();
        new Runner().run(manifest, selected, new RunOptions(4, false, false), nothing, RunListener.NONE);

        long start = System.nanoTime();
        RunReport report =
                new Runner().run(manifest, selected, new RunOptions(4, false, false), nothing, RunListener.NONE);
        Duration perNode = Duration.ofNanos(System.nanoTime() - start).dividedBy(2001);

        assertThat(report.results()).hasSize(2001);
        assertThat(perNode).isLessThan(Duration.ofMillis(1));
    }

    private static NodeStatus status(RunReport report, String uniqueId) {
        return report.result(uniqueId).orElseThrow().status();
    }

    private static NodeOutcome success() {
        return new NodeOutcome(NodeStatus.SUCCESS, "OK", "OK", -1, null);
    }

    /** Records when each node starts and ends; nodes succeed (tests pass) unless told otherwise. */
    private static final class Recorder implements NodeAction {
        private final AtomicInteger clock = new AtomicInteger();
        private final Map<String, Integer> startedAt = new ConcurrentHashMap<>();
        private final Map<String, Integer> endedAt = new ConcurrentHashMap<>();
        private final Map<String, NodeStatus> outcomes = new ConcurrentHashMap<>();
        final List<String> started = new CopyOnWriteArrayList<>();

        void block(String uniqueId, NodeStatus status) {
            outcomes.put(uniqueId, status);
        }

        @Override
        public NodeOutcome run(Node node, int threadIndex) throws Exception {
            started.add(node.uniqueId());
            startedAt.put(node.uniqueId(), clock.incrementAndGet());
            Thread.sleep(0, 200_000);
            NodeStatus status = outcomes.getOrDefault(
                    node.uniqueId(), node.resourceType() == ResourceType.TEST ? NodeStatus.PASS : NodeStatus.SUCCESS);
            endedAt.put(node.uniqueId(), clock.incrementAndGet());
            return new NodeOutcome(status, status.resultName(), null, -1, status == NodeStatus.FAIL ? 3L : null);
        }

        void assertBefore(String parent, String child) {
            assertThat(endedAt.get(parent))
                    .as(parent + " ends before " + child + " starts")
                    .isLessThan(startedAt.get(child));
        }
    }
}
