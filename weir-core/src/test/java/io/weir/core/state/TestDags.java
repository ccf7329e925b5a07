package io.weir.core.state;

import io.weir.core.dag.Dag;
import io.weir.core.dag.TaskSpec;
import io.weir.core.dag.TriggerRule;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds DAGs and tasks for rule tests directly from the model records, without DAG files. */
final class TestDags {
    static final String DAG_ID = "test_dag";

    private TestDags() {}

    static Dag dag(TaskBuilder... tasks) {
        return dag(DAG_ID, tasks);
    }

    static Dag dag(String dagId, TaskBuilder... tasks) {
        Map<String, TaskSpec> specs = new LinkedHashMap<>();
        for (TaskBuilder task : tasks) {
            specs.put(task.taskId, task.build());
        }
        return new Dag(
                dagId,
                Path.of("dags", dagId + ".yaml"),
                "",
                null,
                Instant.parse("2024-01-01T00:00:00Z"),
                null,
                false,
                16,
                16,
                ZoneOffset.UTC,
                List.of(),
                Set.of(),
                Map.of(),
                specs,
                dagId);
    }

    static TaskBuilder task(String taskId) {
        return new TaskBuilder(taskId);
    }

    static final class TaskBuilder {
        private final String taskId;
        private List<String> upstream = List.of();
        private TriggerRule triggerRule = TriggerRule.ALL_SUCCESS;
        private Duration retryDelay = Duration.ofMinutes(5);
        private boolean exponentialBackoff;
        private Duration maxRetryDelay;
        private boolean dependsOnPast;
        private boolean waitForDownstream;

        private TaskBuilder(String taskId) {
            this.taskId = taskId;
        }

        TaskBuilder after(String... upstreamTaskIds) {
            upstream = Arrays.asList(upstreamTaskIds);
            return this;
        }

        TaskBuilder rule(TriggerRule rule) {
            triggerRule = rule;
            return this;
        }

        TaskBuilder retryDelay(Duration delay) {
            retryDelay = delay;
            return this;
        }

        TaskBuilder exponentialBackoff(Duration maxDelay) {
            exponentialBackoff = true;
            maxRetryDelay = maxDelay;
            return this;
        }

        TaskBuilder dependsOnPast() {
            dependsOnPast = true;
            return this;
        }

        TaskBuilder waitForDownstream() {
            dependsOnPast = true;
            waitForDownstream = true;
            return this;
        }

        TaskSpec build() {
            return new TaskSpec(
                    taskId,
                    "empty",
                    upstream,
                    triggerRule,
                    2,
                    retryDelay,
                    exponentialBackoff,
                    maxRetryDelay,
                    null,
                    dependsOnPast,
                    waitForDownstream,
                    1,
                    TaskSpec.DEFAULT_POOL,
                    1,
                    List.of(),
                    null,
                    Map.of(),
                    1);
        }
    }
}
