package io.weir.core.state;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * A task instance's state changes as pure functions: {@code (instance, event) -> (instance', effects)}. Every writer
 * of a task instance (the scheduler, a worker, recovery, clear, mark, {@code tasks run}) computes the new instance
 * here and the store writes it with one compare-and-set; nothing else decides which fields a change resets.
 */
public final class TaskTransitions {
    private static final Set<TaskState> CLAIMABLE = EnumSet.of(
            TaskState.NONE, TaskState.SCHEDULED, TaskState.QUEUED, TaskState.UP_FOR_RETRY, TaskState.UP_FOR_RESCHEDULE);
    private static final Set<TaskState> EVALUATED =
            EnumSet.of(TaskState.NONE, TaskState.UP_FOR_RETRY, TaskState.REMOVED);

    private TaskTransitions() {}

    /** The transition {@code event} makes from {@code current}; empty when the event does not apply in that state. */
    public static Optional<TaskTransition> apply(InstanceState current, TaskEvent event) {
        requireNonNull(current, "current is null");
        requireNonNull(event, "event is null");
        if (event instanceof TaskEvent.Decide decide) {
            return decide(current, decide);
        }
        if (event instanceof TaskEvent.Queue queue) {
            return queue(current, queue);
        }
        if (event instanceof TaskEvent.Claim claim) {
            return claim(current, claim);
        }
        if (event instanceof TaskEvent.End end) {
            return end(current, end);
        }
        if (event instanceof TaskEvent.Clear clear) {
            return Optional.of(clear(current, clear));
        }
        if (event instanceof TaskEvent.Mark mark) {
            return mark(current, mark);
        }
        if (event instanceof TaskEvent.Release) {
            return release(current);
        }
        return orphan(current, (TaskEvent.Orphan) event);
    }

    private static Optional<TaskTransition> decide(InstanceState current, TaskEvent.Decide decide) {
        TaskState to = decide.to();
        boolean allowed =
                switch (to) {
                    case REMOVED -> current.state() != TaskState.REMOVED;
                    case NONE -> current.state() == TaskState.REMOVED;
                    case SCHEDULED, SKIPPED, UPSTREAM_FAILED -> EVALUATED.contains(current.state());
                    case QUEUED, RUNNING, SUCCESS, FAILED, UP_FOR_RETRY, UP_FOR_RESCHEDULE -> false;
                };
        if (!allowed) {
            return Optional.empty();
        }
        boolean finished = to.isFinished();
        Instant now = decide.now();
        InstanceState next = new InstanceState(
                to,
                current.tryNumber(),
                current.maxTries(),
                current.queuedAt(),
                finished && current.startDate() == null ? now : current.startDate(),
                finished ? now : current.endDate(),
                null,
                current.operator(),
                current.hostname(),
                current.jobId(),
                current.pid(),
                current.pidStartedAt());
        return Optional.of(new TaskTransition(next, finished ? Set.of(TaskEffect.DECIDE_RUN) : Set.of()));
    }

    private static Optional<TaskTransition> queue(InstanceState current, TaskEvent.Queue queue) {
        if (current.state() == TaskState.QUEUED || current.state() == TaskState.RUNNING) {
            return Optional.empty();
        }
        InstanceState next = new InstanceState(
                TaskState.QUEUED,
                current.tryNumber(),
                Math.max(current.maxTries(), current.tryNumber() + 1),
                queue.now(),
                null,
                null,
                null,
                queue.operator(),
                queue.hostname(),
                queue.jobId(),
                null,
                null);
        return Optional.of(new TaskTransition(next, Set.of()));
    }

    private static Optional<TaskTransition> claim(InstanceState current, TaskEvent.Claim claim) {
        if (!CLAIMABLE.contains(current.state())) {
            return Optional.empty();
        }
        Instant now = claim.now();
        InstanceState next = new InstanceState(
                TaskState.RUNNING,
                current.tryNumber() + 1,
                current.maxTries(),
                current.queuedAt() == null ? now : current.queuedAt(),
                now,
                null,
                null,
                claim.operator(),
                claim.hostname(),
                claim.jobId(),
                null,
                null);
        // Only an earlier try can have left XComs behind.
        return Optional.of(
                new TaskTransition(next, current.tryNumber() > 0 ? Set.of(TaskEffect.CLEAR_XCOMS) : Set.of()));
    }

    private static Optional<TaskTransition> end(InstanceState current, TaskEvent.End end) {
        if (current.state() != TaskState.RUNNING || current.jobId() == null || current.jobId() != end.jobId()) {
            return Optional.empty();
        }
        InstanceState next = new InstanceState(
                end.outcome(),
                current.tryNumber(),
                current.maxTries(),
                current.queuedAt(),
                current.startDate(),
                end.now(),
                end.nextRetryAt(),
                current.operator(),
                current.hostname(),
                end.jobId(),
                end.pid(),
                end.pidStartedAt());
        return Optional.of(new TaskTransition(next, Set.of(TaskEffect.DECIDE_RUN)));
    }

    private static TaskTransition clear(InstanceState current, TaskEvent.Clear clear) {
        InstanceState next = new InstanceState(
                TaskState.NONE,
                current.tryNumber(),
                current.tryNumber() + clear.retries() + 1,
                null,
                current.startDate(),
                null,
                null,
                current.operator(),
                current.hostname(),
                null,
                current.pid(),
                current.pidStartedAt());
        return new TaskTransition(next, takenFromItsTry(current.state()));
    }

    private static Optional<TaskTransition> mark(InstanceState current, TaskEvent.Mark mark) {
        if (current.state() == mark.to()) {
            return Optional.empty();
        }
        Instant now = mark.now();
        InstanceState next = new InstanceState(
                mark.to(),
                current.tryNumber(),
                current.maxTries(),
                current.queuedAt(),
                current.startDate() == null ? now : current.startDate(),
                now,
                null,
                current.operator(),
                current.hostname(),
                null,
                current.pid(),
                current.pidStartedAt());
        return Optional.of(new TaskTransition(next, takenFromItsTry(current.state())));
    }

    private static Set<TaskEffect> takenFromItsTry(TaskState state) {
        return state == TaskState.RUNNING || state == TaskState.QUEUED
                ? Set.of(TaskEffect.STOP_TRY, TaskEffect.DECIDE_RUN)
                : Set.of(TaskEffect.DECIDE_RUN);
    }

    private static Optional<TaskTransition> release(InstanceState current) {
        if (current.state() != TaskState.QUEUED) {
            return Optional.empty();
        }
        InstanceState next = new InstanceState(
                TaskState.SCHEDULED,
                current.tryNumber(),
                current.maxTries(),
                null,
                current.startDate(),
                current.endDate(),
                null,
                current.operator(),
                current.hostname(),
                null,
                current.pid(),
                current.pidStartedAt());
        return Optional.of(new TaskTransition(next, Set.of(TaskEffect.DECIDE_RUN)));
    }

    private static Optional<TaskTransition> orphan(InstanceState current, TaskEvent.Orphan orphan) {
        if (current.state() != TaskState.RUNNING) {
            return Optional.empty();
        }
        boolean triesLeft = current.tryNumber() < current.maxTries();
        InstanceState next = new InstanceState(
                triesLeft ? TaskState.UP_FOR_RETRY : TaskState.FAILED,
                current.tryNumber(),
                current.maxTries(),
                current.queuedAt(),
                current.startDate(),
                orphan.now(),
                triesLeft ? orphan.retryAt() : null,
                current.operator(),
                current.hostname(),
                current.jobId(),
                current.pid(),
                current.pidStartedAt());
        return Optional.of(new TaskTransition(next, Set.of(TaskEffect.DECIDE_RUN)));
    }
}
