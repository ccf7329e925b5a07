package io.weir.store;

import io.weir.core.state.InstanceState;
import io.weir.core.state.TaskEvent;
import io.weir.core.state.TaskState;
import io.weir.core.state.TaskTransition;
import io.weir.core.state.TaskTransitions;
import java.time.Instant;
import java.util.Optional;

/**
 * One task in one run.
 *
 * @param tryNumber the number of the current or last try; 0 before the first starts
 * @param nextRetryAt when an up_for_retry instance becomes eligible again, else null
 * @param jobId the job whose executor runs (or last ran) it; its heartbeat tells whether the try is alive
 * @param pid the operating-system process the try started, if any (to end it after a crash)
 * @param pidStartedAt when that process started, to tell it from a later process reusing the pid
 */
public record TaskInstanceRecord(
        String dagId,
        String runId,
        String taskId,
        TaskState state,
        int tryNumber,
        int maxTries,
        Instant queuedAt,
        Instant startDate,
        Instant endDate,
        Instant nextRetryAt,
        String pool,
        int poolSlots,
        int priorityWeight,
        String operator,
        String hostname,
        Long jobId,
        Long pid,
        Instant pidStartedAt) {

    public Double durationSeconds() {
        if (startDate == null || endDate == null) {
            return null;
        }
        return (endDate.toEpochMilli() - startDate.toEpochMilli()) / 1000.0;
    }

    /** This instance with another state and nothing else changed: for tests and benchmarks replaying writes. */
    public TaskInstanceRecord withState(TaskState newState) {
        return of(
                dagId,
                runId,
                taskId,
                pool,
                poolSlots,
                priorityWeight,
                instanceState().withState(newState));
    }

    /** A new instance of task {@code taskId} in run {@code runId}, in the state {@code state} says. */
    public static TaskInstanceRecord of(
            String dagId,
            String runId,
            String taskId,
            String pool,
            int poolSlots,
            int priorityWeight,
            InstanceState state) {
        return new TaskInstanceRecord(
                dagId,
                runId,
                taskId,
                state.state(),
                state.tryNumber(),
                state.maxTries(),
                state.queuedAt(),
                state.startDate(),
                state.endDate(),
                state.nextRetryAt(),
                pool,
                poolSlots,
                priorityWeight,
                state.operator(),
                state.hostname(),
                state.jobId(),
                state.pid(),
                state.pidStartedAt());
    }

    /** The part of this instance that its state changes touch. */
    public InstanceState instanceState() {
        return new InstanceState(
                state,
                tryNumber,
                maxTries,
                queuedAt,
                startDate,
                endDate,
                nextRetryAt,
                operator,
                hostname,
                jobId,
                pid,
                pidStartedAt);
    }

    /**
     * This instance after {@code event}, computed by {@link TaskTransitions}; empty when the event does not apply in
     * its state. Only the store writes it ({@link MetadataSession#apply}).
     */
    public Optional<TaskTransitionOf> transition(TaskEvent event) {
        return TaskTransitions.apply(instanceState(), event)
                .map(transition -> new TaskTransitionOf(
                        of(dagId, runId, taskId, pool, poolSlots, priorityWeight, transition.next()), transition));
    }

    /** A transition of one task instance: the instance as it is after it, and its effects. */
    public record TaskTransitionOf(TaskInstanceRecord next, TaskTransition transition) {}
}
