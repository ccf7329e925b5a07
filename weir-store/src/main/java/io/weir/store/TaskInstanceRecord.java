package io.weir.store;

import io.weir.core.state.TaskState;
import java.time.Instant;

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

    public TaskInstanceRecord withState(TaskState newState) {
        return new TaskInstanceRecord(
                dagId,
                runId,
                taskId,
                newState,
                tryNumber,
                maxTries,
                queuedAt,
                startDate,
                endDate,
                nextRetryAt,
                pool,
                poolSlots,
                priorityWeight,
                operator,
                hostname,
                jobId,
                pid,
                pidStartedAt);
    }
}
