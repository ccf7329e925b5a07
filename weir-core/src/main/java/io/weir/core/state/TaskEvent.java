package io.weir.core.state;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** What can happen to a task instance; {@link TaskTransitions#apply} says what each does in each state. */
public sealed interface TaskEvent {

    /** The scheduler decided a new state from the trigger rules: scheduled, skipped, upstream_failed, removed, none. */
    record Decide(TaskState to, Instant now) implements TaskEvent {
        public Decide {
            requireNonNull(to, "to is null");
            requireNonNull(now, "now is null");
            switch (to) {
                case NONE, SCHEDULED, SKIPPED, UPSTREAM_FAILED, REMOVED -> {}
                case QUEUED,
                        RUNNING,
                        SUCCESS,
                        FAILED,
                        UP_FOR_RETRY,
                        UP_FOR_RESCHEDULE -> throw new IllegalArgumentException(
                        "the trigger rules do not decide " + to);
            }
        }
    }

    /** {@code tasks run} hands the instance to job {@code jobId} on {@code hostname}; its try starts on the claim. */
    record Queue(Instant now, String operator, String hostname, long jobId) implements TaskEvent {
        public Queue {
            requireNonNull(now, "now is null");
        }
    }

    /** Job {@code jobId} starts the next try: the one claim every path (loop, follow-up, group commit) makes. */
    record Claim(Instant now, String operator, String hostname, long jobId) implements TaskEvent {
        public Claim {
            requireNonNull(now, "now is null");
        }
    }

    /**
     * The running try of job {@code jobId} ended as {@code outcome} (success, failed, skipped, or up_for_retry with
     * {@code nextRetryAt}); {@code pid} is the process it started, if any.
     */
    record End(TaskState outcome, Instant now, Instant nextRetryAt, long jobId, Long pid, Instant pidStartedAt)
            implements TaskEvent {
        public End {
            requireNonNull(outcome, "outcome is null");
            requireNonNull(now, "now is null");
            switch (outcome) {
                case SUCCESS, FAILED, SKIPPED -> {
                    if (nextRetryAt != null) {
                        throw new IllegalArgumentException("only an up_for_retry end has a retry time");
                    }
                }
                case UP_FOR_RETRY -> requireNonNull(nextRetryAt, "nextRetryAt is null for up_for_retry");
                case NONE,
                        SCHEDULED,
                        QUEUED,
                        RUNNING,
                        UP_FOR_RESCHEDULE,
                        UPSTREAM_FAILED,
                        REMOVED -> throw new IllegalArgumentException("a try does not end as " + outcome);
            }
        }
    }

    /** {@code tasks clear}: back to none with {@code retries} more tries, so the scheduler runs it again. */
    record Clear(int retries) implements TaskEvent {
        public Clear {
            if (retries < 0) {
                throw new IllegalArgumentException("retries is negative: " + retries);
            }
        }
    }

    /** {@code tasks mark} (or the UI): set to success or failed by an operator. */
    record Mark(TaskState to, Instant now) implements TaskEvent {
        public Mark {
            requireNonNull(now, "now is null");
            if (to != TaskState.SUCCESS && to != TaskState.FAILED) {
                throw new IllegalArgumentException("a task can be marked success or failed, not " + to);
            }
        }
    }

    /** A queued try that never started goes back to scheduled, without spending a try (its job stopped or died). */
    record Release() implements TaskEvent {}

    /**
     * The job running the try died and the try's outcome is unknown: it failed, and is retried at {@code retryAt}
     * when tries are left.
     */
    record Orphan(Instant now, Instant retryAt) implements TaskEvent {
        public Orphan {
            requireNonNull(now, "now is null");
            requireNonNull(retryAt, "retryAt is null");
        }
    }
}
