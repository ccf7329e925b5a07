package io.weir.core.state;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** What can happen to a DAG run; {@link RunTransitions#apply} says what each does in each state. */
public sealed interface RunEvent {

    /** A queued run starts: its DAG is under max_active_runs and a scheduler takes it. */
    record Start(Instant now) implements RunEvent {
        public Start {
            requireNonNull(now, "now is null");
        }
    }

    /** The trigger rules ended the run (every leaf settled): success or failed, or the other of the two after a mark. */
    record Finish(DagRunState outcome, Instant now) implements RunEvent {
        public Finish {
            requireNonNull(outcome, "outcome is null");
            requireNonNull(now, "now is null");
            if (!outcome.isFinished()) {
                throw new IllegalArgumentException("a run does not finish as " + outcome);
            }
        }
    }

    /** A clear or a mark left something to run: the run runs again and the scheduler decides it. */
    record Reopen(Instant now) implements RunEvent {
        public Reopen {
            requireNonNull(now, "now is null");
        }
    }

    /**
     * An operator puts the run back in the queue (Airflow's "mark run queued"): it starts again when the scheduler's
     * limits let it, and its tasks keep their states.
     */
    record Requeue(Instant now) implements RunEvent {
        public Requeue {
            requireNonNull(now, "now is null");
        }
    }
}
