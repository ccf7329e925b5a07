package io.weir.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.core.state.TaskState;
import io.weir.engine.scheduler.SchedulerListener;
import io.weir.store.TaskInstanceRecord;
import io.weir.web.WebTestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Changes made in the store by another process (here: writes through the store, as a separate scheduler's would
 * be) reach the live pages' listener as the scheduler's events, within the watcher's interval.
 */
class StoreWatcherIT {
    static final String TWO =
            """
            dag_id: two
            start_date: 2024-01-01
            tasks:
              first:
                type: empty
              second:
                type: empty
                after: [first]
            """;

    static final String FLAKY =
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
                command: "true"
            """;

    /** Records the events, as "event task state". */
    private static final class Recorder implements SchedulerListener {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void taskStarted(TaskInstanceRecord instance) {
            events.add("started " + instance.taskId());
        }

        @Override
        public void taskFinished(TaskInstanceRecord instance) {
            events.add("finished " + instance.taskId() + " " + instance.state().label());
            tries.add(instance.taskId() + " try " + instance.tryNumber() + " "
                    + instance.state().label() + (instance.durationSeconds() == null ? "" : " timed"));
        }

        final List<String> tries = new CopyOnWriteArrayList<>();

        @Override
        public void taskDecided(TaskInstanceRecord instance) {
            events.add("decided " + instance.taskId() + " " + instance.state().label());
        }

        @Override
        public void runFinished(io.weir.store.DagRunRecord run) {
            events.add("run " + run.state().label());
        }
    }

    private static void waitFor(BooleanSupplier condition, Object shown) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for %s", shown).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void aTryStartingAndFinishingInAnotherProcessIsReported() throws Exception {
        try (WebTestServer server = WebTestServer.start(Map.of("two.yaml", TWO))) {
            Recorder recorder = new Recorder();
            String runId = server.weir()
                    .test("two", Instant.parse("2024-01-01T00:00:00Z"), SchedulerListener.NONE)
                    .run()
                    .runId();
            try (StoreWatcher watcher =
                    new StoreWatcher(server.weir().store(), recorder, () -> true, Duration.ofMillis(100)).start()) {
                // Clearing reopens the run: the watcher sees it, then each state the instances go through.
                server.weir().clear(io.weir.engine.ops.ClearRequest.wholeRun("two", runId));
                waitFor(() -> !recorder.events.isEmpty(), recorder.events);
                recorder.events.clear();
                TaskInstanceRecord first = server.weir()
                        .store()
                        .inTransaction(s -> s.taskInstances().find("two", runId, "first"))
                        .orElseThrow();
                TaskInstanceRecord running = first.withState(TaskState.RUNNING);
                server.weir().store().useTransaction(s -> s.taskInstances().updateAll(List.of(running)));
                waitFor(() -> recorder.events.contains("started first"), recorder.events);
                server.weir().mark("two", "first", runId, TaskState.SUCCESS, false, false);
                waitFor(() -> recorder.events.contains("finished first success"), recorder.events);
                server.weir().mark("two", "second", runId, TaskState.FAILED, false, false);
                waitFor(() -> recorder.events.contains("finished second failed"), recorder.events);
                waitFor(() -> recorder.events.contains("run failed"), recorder.events);
            }
            Recorder idle = new Recorder();
            try (StoreWatcher watcher =
                    new StoreWatcher(server.weir().store(), idle, () -> false, Duration.ofMillis(50)).start()) {
                server.weir().clear(io.weir.engine.ops.ClearRequest.wholeRun("two", runId));
                Thread.sleep(300);
                assertThat(idle.events)
                        .as("nobody listens, so nothing is read or sent")
                        .isEmpty();
            }
        }
    }

    @Test
    void eachTryOfARunThatStartedAndFinishedBetweenTwoLooksIsCountedOnceAndHistoryIsNot() throws Exception {
        try (WebTestServer server = WebTestServer.start(Map.of("flaky.yaml", FLAKY))) {
            Recorder live = new Recorder();
            Recorder finishes = new Recorder();
            // Not started: each look is made here, so what happens between two looks is exact.
            StoreWatcher watcher = new StoreWatcher(
                    server.weir().store(),
                    live,
                    () -> false,
                    Duration.ofMillis(200),
                    finishes,
                    () -> true,
                    Duration.ofSeconds(1));
            watcher.look();
            String runId = server.weir()
                    .test("flaky", Instant.parse("2024-01-01T00:00:00Z"), SchedulerListener.NONE)
                    .run()
                    .runId();
            watcher.look();
            assertThat(finishes.tries)
                    .as("the first two tries of extract ended up for retry unseen; the third and load's are timed")
                    .containsExactlyInAnyOrder(
                            "extract try 1 up_for_retry",
                            "extract try 2 up_for_retry",
                            "extract try 3 success timed",
                            "load try 1 success timed");
            assertThat(finishes.events).containsOnlyOnce("run success");
            assertThat(live.events).as("the page of the new run hears it").contains("run success");
            watcher.look();
            assertThat(finishes.tries)
                    .as("a look with nothing new reports nothing")
                    .hasSize(4);

            // A server started now (a restart) counts nothing that finished before, even a run cleared since.
            Recorder restarted = new Recorder();
            StoreWatcher later = new StoreWatcher(
                    server.weir().store(),
                    SchedulerListener.NONE,
                    () -> false,
                    Duration.ofMillis(200),
                    restarted,
                    () -> true,
                    Duration.ofSeconds(1));
            later.look();
            server.weir().clear(io.weir.engine.ops.ClearRequest.wholeRun("flaky", runId));
            later.look();
            later.look();
            assertThat(restarted.events).isEmpty();
            TaskInstanceRecord load = server.weir()
                    .store()
                    .inTransaction(s -> s.taskInstances().find("flaky", runId, "load"))
                    .orElseThrow();
            TaskInstanceRecord running = load.withState(TaskState.RUNNING);
            server.weir().store().useTransaction(s -> s.taskInstances().updateAll(List.of(running)));
            later.look();
            server.weir().mark("flaky", "load", runId, TaskState.FAILED, false, false);
            later.look();
            later.look();
            assertThat(restarted.tries)
                    .as("the cleared run's new try is counted when it ends, once")
                    .singleElement()
                    .asString()
                    .startsWith("load try 1 failed");
        }
    }
}
