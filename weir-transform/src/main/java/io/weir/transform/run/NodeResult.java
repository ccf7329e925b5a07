package io.weir.transform.run;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

/**
 * How one node of a run ended and when.
 *
 * @param threadIndex the worker that ran it (from 0), or -1 for a node that never started
 * @param executionTime how long the node ran; zero for one that never started
 */
public record NodeResult(
        String uniqueId,
        NodeOutcome outcome,
        Instant startedAt,
        Instant completedAt,
        int threadIndex,
        Duration executionTime) {

    public NodeResult {
        requireNonNull(uniqueId, "uniqueId is null");
        requireNonNull(outcome, "outcome is null");
        requireNonNull(startedAt, "startedAt is null");
        requireNonNull(completedAt, "completedAt is null");
        requireNonNull(executionTime, "executionTime is null");
    }

    public NodeStatus status() {
        return outcome.status();
    }
}
