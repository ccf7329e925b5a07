package io.weir.engine.ops;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * Which task instances {@code tasks clear} resets.
 *
 * @param taskRegex a regular expression searched in task ids; null for all tasks
 * @param start earliest logical date, or null
 * @param end latest logical date, or null
 * @param runId one run only, or null
 */
public record ClearRequest(
        String dagId,
        String taskRegex,
        Instant start,
        Instant end,
        String runId,
        boolean onlyFailed,
        boolean downstream,
        boolean upstream) {

    public ClearRequest {
        requireNonNull(dagId, "dagId is null");
    }

    public static ClearRequest wholeRun(String dagId, String runId) {
        return new ClearRequest(dagId, null, null, null, runId, false, false, false);
    }
}
