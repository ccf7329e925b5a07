package io.weir.engine.ops;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

/** What {@code dags backfill} was asked to do. */
public record BackfillRequest(
        String dagId,
        Instant start,
        Instant end,
        boolean resetDagRuns,
        boolean rerunFailedTasks,
        Duration delayOnLimit) {

    public BackfillRequest {
        requireNonNull(dagId, "dagId is null");
        requireNonNull(start, "start is null");
        requireNonNull(end, "end is null");
        requireNonNull(delayOnLimit, "delayOnLimit is null");
    }
}
