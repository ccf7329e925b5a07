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
        }

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
}
