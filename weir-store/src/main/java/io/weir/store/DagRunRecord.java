package io.weir.store;

import io.weir.core.schedule.DataInterval;
import io.weir.core.state.DagRunState;
import io.weir.core.state.RunEvent;
import io.weir.core.state.RunStatus;
import io.weir.core.state.RunTransition;
import io.weir.core.state.RunTransitions;
import io.weir.core.state.RunType;
import java.time.Instant;
import java.util.Optional;

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

    /** The part of this run its transitions change. */
    public RunStatus status() {
        return new RunStatus(state, startDate, endDate);
    }

    /**
     * This run after {@code event}, computed by {@link RunTransitions}; empty when the event does not apply in its
     * state. Only the store writes it ({@link MetadataSession#apply(DagRunRecord, RunEvent)}).
     */
    public Optional<RunTransitionOf> transition(RunEvent event) {
        return RunTransitions.apply(status(), event).map(transition -> {
            RunStatus next = transition.next();
            DagRunRecord run = new DagRunRecord(
                    id,
                    dagId,
                    runId,
                    logicalDate,
                    dataInterval,
                    runType,
                    next.state(),
                    externalTrigger,
                    conf,
                    queuedAt,
                    next.startDate(),
                    next.endDate(),
                    ownerJobId);
            return new RunTransitionOf(run, transition);
        });
    }

    /** A transition of one run: the run as it is after it, and its effects. */
    public record RunTransitionOf(DagRunRecord next, RunTransition transition) {}
}
