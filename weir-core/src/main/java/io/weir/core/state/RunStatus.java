package io.weir.core.state;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * The part of a DAG run its transitions change: its state and when it started and ended.
 *
 * @param startDate when it first became running; null while it never ran
 * @param endDate when it finished; null unless it is finished
 */
public record RunStatus(DagRunState state, Instant startDate, Instant endDate) {
    public RunStatus {
        requireNonNull(state, "state is null");
    }
}
