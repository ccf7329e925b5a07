package io.weir.core.state;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * The part of a task instance that its state changes touch: everything but its identity and its place in pools. A
 * {@link TaskTransitions transition} computes the next one from the current one and an event.
 *
 * @param tryNumber the number of the current or last try; 0 before the first starts
 * @param maxTries how many tries it may have in all
 * @param nextRetryAt when an up_for_retry instance becomes eligible again, else null
 * @param jobId the job whose executor runs (or last ran) it; null when no job owns it
 * @param pid the operating-system process the try started, if any (to end it after a crash)
 * @param pidStartedAt when that process started, to tell it from a later process reusing the pid
 */
public record InstanceState(
        TaskState state,
        int tryNumber,
        int maxTries,
        Instant queuedAt,
        Instant startDate,
        Instant endDate,
        Instant nextRetryAt,
        String operator,
        String hostname,
        Long jobId,
        Long pid,
        Instant pidStartedAt) {
    public InstanceState {
        requireNonNull(state, "state is null");
        if (tryNumber < 0) {
            throw new IllegalArgumentException("tryNumber is negative: " + tryNumber);
        }
    }

    /** A new instance in state none, as a run's start or a DAG change creates it. */
    public static InstanceState created(int maxTries, String operator) {
        return new InstanceState(TaskState.NONE, 0, maxTries, null, null, null, null, operator, null, null, null, null);
    }

    /** This state with another {@link TaskState} and nothing else changed: for tests that set up an instance. */
    public InstanceState withState(TaskState newState) {
        return new InstanceState(
                newState,
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
}
