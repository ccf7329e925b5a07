package io.weir.core.state;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.Set;

/**
 * A DAG run's state changes as pure functions: {@code (run, event) -> (run', effects)}. The scheduler, run creation,
 * backfill, {@code dags test}, clear and mark compute a run's next status here and the store writes it with one
 * compare-and-set; nothing else decides which dates a change sets.
 */
public final class RunTransitions {
    private RunTransitions() {}

    /** The transition {@code event} makes from {@code current}; empty when the event does not apply in that state. */
    public static Optional<RunTransition> apply(RunStatus current, RunEvent event) {
        requireNonNull(current, "current is null");
        requireNonNull(event, "event is null");
        if (event instanceof RunEvent.Start start) {
            return start(current, start);
        }
        if (event instanceof RunEvent.Finish finish) {
            return finish(current, finish);
        }
        if (event instanceof RunEvent.Requeue) {
            return requeue(current);
        }
        return reopen(current, (RunEvent.Reopen) event);
    }

    private static Optional<RunTransition> requeue(RunStatus current) {
        if (current.state() == DagRunState.QUEUED) {
            return Optional.empty();
        }
        return Optional.of(new RunTransition(new RunStatus(DagRunState.QUEUED, null, null), Set.of()));
    }

    private static Optional<RunTransition> start(RunStatus current, RunEvent.Start start) {
        if (current.state() != DagRunState.QUEUED) {
            return Optional.empty();
        }
        return Optional.of(
                new RunTransition(new RunStatus(DagRunState.RUNNING, start.now(), null), Set.of(RunEffect.DECIDE_RUN)));
    }

    private static Optional<RunTransition> finish(RunStatus current, RunEvent.Finish finish) {
        if (current.state() == finish.outcome()) {
            return Optional.empty();
        }
        // A queued run finishes when a mark settles every one of its tasks before it ever started.
        RunStatus next = new RunStatus(
                finish.outcome(), current.startDate() == null ? finish.now() : current.startDate(), finish.now());
        return Optional.of(new RunTransition(next, Set.of(RunEffect.RUN_FINISHED)));
    }

    private static Optional<RunTransition> reopen(RunStatus current, RunEvent.Reopen reopen) {
        if (current.state() == DagRunState.RUNNING) {
            return Optional.empty();
        }
        RunStatus next = new RunStatus(
                DagRunState.RUNNING, current.startDate() == null ? reopen.now() : current.startDate(), null);
        return Optional.of(new RunTransition(next, Set.of(RunEffect.DECIDE_RUN)));
    }
}
