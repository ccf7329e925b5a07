package io.weir.store;

import io.weir.core.schedule.DataInterval;
import io.weir.core.state.DagRunState;
import io.weir.core.state.RunType;
import java.time.Instant;

/**
 * One run of a DAG.
 *
 * @param conf the run's configuration as a JSON object text ({@code "{}"} when none)
 * @param ownerJobId the job (scheduler, backfill, dags test) that schedules this run's tasks; null = any scheduler
 */
public record DagRunRecord(
        long id,
        String dagId,
        String runId,
        Instant logicalDate,
        DataInterval dataInterval,
        RunType runType,
        DagRunState state,
        boolean externalTrigger,
        String conf,
        Instant queuedAt,
        Instant startDate,
        Instant endDate,
        Long ownerJobId) {

    public DagRunRecord withState(DagRunState newState, Instant newStartDate, Instant newEndDate) {
        return new DagRunRecord(
                id,
                dagId,
                runId,
                logicalDate,
                dataInterval,
                runType,
                newState,
                externalTrigger,
                conf,
                queuedAt,
                newStartDate,
                newEndDate,
                ownerJobId);
    }
}
