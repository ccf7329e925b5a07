package io.weir.core.state;

import static java.util.Objects.requireNonNull;

import io.weir.core.dag.Dag;
import io.weir.core.dag.TaskSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides one DAG run from the states of its task instances, as Airflow's scheduler does for a run: which tasks are
 * ready, which can no longer run (skipped, upstream_failed), which are gone from the DAG, and whether the run is
 * over. Tasks are visited in topological order, so a failure or skip cascades all the way down in one decision.
 */
public final class RunRules {
    private RunRules() {}

    /**
     * @param previous the run before this one, or null when this is the DAG's first run (depends_on_past is exempt)
     * @param now the time retry delays are compared with
     */
    public static RunDecision decide(
            Dag dag, Collection<TaskInstanceView> instances, PreviousRun previous, Instant now) {
        requireNonNull(dag, "dag is null");
        requireNonNull(instances, "instances is null");
        requireNonNull(now, "now is null");
        TaskGraph graph = TaskGraph.of(dag);
        Map<String, TaskInstanceView> byTask = new HashMap<>(instances.size() * 2);
        Map<String, TaskState> transitions = new HashMap<>();
        for (TaskInstanceView instance : instances) {
            if (byTask.put(instance.taskId(), instance) != null) {
                throw new IllegalArgumentException(
                        "Two instances of task " + instance.taskId() + " in one run of DAG " + dag.dagId());
            }
            if (!graph.contains(instance.taskId()) && instance.state() != TaskState.REMOVED) {
                transitions.put(instance.taskId(), TaskState.REMOVED);
            }
        }

        List<String> missing = new ArrayList<>(0);
        TaskState[] states = new TaskState[graph.size()];
        UpstreamCounts.Counter counter = new UpstreamCounts.Counter();
        boolean waitingOnUnfinishedPast = false;
        Instant wakeAt = null;
        for (int index = 0; index < graph.size(); index++) {
            TaskSpec task = graph.task(index);
            TaskInstanceView instance = byTask.get(task.taskId());
            if (instance == null) {
                missing.add(task.taskId());
                states[index] = TaskState.NONE;
                continue;
            }
            // a task back in the DAG after being removed is restored, as Airflow does
            TaskState state = instance.state() == TaskState.REMOVED ? TaskState.NONE : instance.state();
            if (state == TaskState.UP_FOR_RETRY && !retryDue(instance, now)) {
                wakeAt = earliest(wakeAt, instance.nextRetryAt());
            } else if (state == TaskState.NONE || state == TaskState.UP_FOR_RETRY) {
                counter.reset();
                for (int up : graph.upstream(index)) {
                    counter.add(states[up]);
                }
                switch (TriggerRules.evaluate(task.triggerRule(), counter.counts())) {
                    case RUN -> {
                        switch (pastDependency(graph, index, previous)) {
                            case MET -> state = TaskState.SCHEDULED;
                            case UNFINISHED -> waitingOnUnfinishedPast = true;
                            case NOT_MET -> {
                                // stays put; the run deadlocks unless something else can still move
                            }
                        }
                    }
                    case WAIT -> {
                        // upstream tasks still have to finish
                    }
                    case SKIP -> state = TaskState.SKIPPED;
                    case UPSTREAM_FAILED -> state = TaskState.UPSTREAM_FAILED;
                }
            }
            states[index] = state;
            if (state != instance.state()) {
                transitions.put(task.taskId(), state);
            }
        }

        DagRunState runState = missing.isEmpty() ? runState(graph, states, waitingOnUnfinishedPast) : null;
        return new RunDecision(missing, transitions, runState, wakeAt);
    }

    private static boolean retryDue(TaskInstanceView instance, Instant now) {
        return instance.nextRetryAt() == null || !instance.nextRetryAt().isAfter(now);
    }

    private static Instant earliest(Instant current, Instant candidate) {
        return current == null || candidate.isBefore(current) ? candidate : current;
    }

    private static DagRunState runState(TaskGraph graph, TaskState[] states, boolean waitingOnUnfinishedPast) {
        boolean allFinished = true;
        boolean anyActive = false;
        boolean anyLeafFailed = false;
        for (int index = 0; index < states.length; index++) {
            TaskState state = states[index];
            switch (state) {
                case NONE -> allFinished = false;
                case SCHEDULED, QUEUED, RUNNING, UP_FOR_RETRY, UP_FOR_RESCHEDULE -> {
                    allFinished = false;
                    anyActive = true;
                }
                case SUCCESS, FAILED, UPSTREAM_FAILED, SKIPPED, REMOVED -> {
                    if (graph.isLeaf(index) && state.isFailedLike()) {
                        anyLeafFailed = true;
                    }
                }
            }
        }
        if (allFinished) {
            return anyLeafFailed ? DagRunState.FAILED : DagRunState.SUCCESS;
        }
        // deadlock: only tasks in none remain and none of them can ever run
        if (!anyActive && !waitingOnUnfinishedPast) {
            return DagRunState.FAILED;
        }
        return null;
    }

    private enum PastDependency {
        MET,
        UNFINISHED,
        NOT_MET
    }

    private static PastDependency pastDependency(TaskGraph graph, int index, PreviousRun previous) {
        TaskSpec task = graph.task(index);
        // wait_for_downstream implies depends_on_past, as in Airflow
        if (previous == null || !(task.dependsOnPast() || task.waitForDownstream())) {
            return PastDependency.MET;
        }
        PastDependency own = pastDependency(previous, task.taskId());
        if (own != PastDependency.MET || !task.waitForDownstream()) {
            return own;
        }
        PastDependency result = PastDependency.MET;
        for (String downstreamTaskId : graph.downstreamTaskIds(index)) {
            PastDependency downstream = pastDependency(previous, downstreamTaskId);
            if (downstream == PastDependency.UNFINISHED) {
                return downstream;
            }
            if (downstream == PastDependency.NOT_MET) {
                result = downstream;
            }
        }
        return result;
    }

    private static PastDependency pastDependency(PreviousRun previous, String taskId) {
        TaskState state = previous.taskStates().get(taskId);
        if (state == null) {
            return PastDependency.MET;
        }
        return switch (state) {
                // removed: the task was not part of that run, like an absent one
            case SUCCESS, SKIPPED, REMOVED -> PastDependency.MET;
            case FAILED, UPSTREAM_FAILED -> PastDependency.NOT_MET;
            case NONE, SCHEDULED, QUEUED, RUNNING, UP_FOR_RETRY, UP_FOR_RESCHEDULE -> previous.finished()
                    ? PastDependency.NOT_MET
                    : PastDependency.UNFINISHED;
        };
    }
}
