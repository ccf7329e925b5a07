package io.weir.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every event in every task-instance state, without a database. */
class TaskTransitionsTest {
    private static final Instant QUEUED_AT = Instant.parse("2024-01-02T00:00:01Z");
    private static final Instant STARTED = Instant.parse("2024-01-02T00:00:02Z");
    private static final Instant ENDED = Instant.parse("2024-01-02T00:00:03Z");
    private static final Instant NOW = Instant.parse("2024-01-02T00:01:00Z");
    private static final Instant RETRY_AT = Instant.parse("2024-01-02T00:06:00Z");
    private static final long JOB = 7;
    private static final long OTHER_JOB = 8;

    /** An instance in {@code state} at try 2 of 3, as far along as that state gets, owned by {@link #JOB}. */
    private static InstanceState in(TaskState state) {
        boolean started = state != TaskState.NONE && state != TaskState.SCHEDULED && state != TaskState.QUEUED;
        boolean ended = state.isFinished() || state == TaskState.UP_FOR_RETRY;
        return new InstanceState(
                state,
                2,
                3,
                QUEUED_AT,
                started ? STARTED : null,
                ended ? ENDED : null,
                state == TaskState.UP_FOR_RETRY ? RETRY_AT : null,
                "command",
                "host-a",
                JOB,
                started ? 4242L : null,
                started ? STARTED : null);
    }

    private static Set<TaskState> statesWhere(TaskEvent event) {
        Set<TaskState> applies = EnumSet.noneOf(TaskState.class);
        for (TaskState state : TaskState.values()) {
            if (TaskTransitions.apply(in(state), event).isPresent()) {
                applies.add(state);
            }
        }
        return applies;
    }

    @Test
    void eachEventAppliesInExactlyTheStatesWhereItMeansSomething() {
        Map<TaskEvent, Set<TaskState>> expected = new LinkedHashMap<>();
        expected.put(
                new TaskEvent.Decide(TaskState.SCHEDULED, NOW),
                EnumSet.of(TaskState.NONE, TaskState.UP_FOR_RETRY, TaskState.REMOVED));
        expected.put(
                new TaskEvent.Decide(TaskState.SKIPPED, NOW),
                EnumSet.of(TaskState.NONE, TaskState.UP_FOR_RETRY, TaskState.REMOVED));
        expected.put(
                new TaskEvent.Decide(TaskState.UPSTREAM_FAILED, NOW),
                EnumSet.of(TaskState.NONE, TaskState.UP_FOR_RETRY, TaskState.REMOVED));
        expected.put(new TaskEvent.Decide(TaskState.NONE, NOW), EnumSet.of(TaskState.REMOVED));
        expected.put(new TaskEvent.Decide(TaskState.REMOVED, NOW), EnumSet.complementOf(EnumSet.of(TaskState.REMOVED)));
        expected.put(
                new TaskEvent.Queue(NOW, "command", "host-b", OTHER_JOB),
                EnumSet.complementOf(EnumSet.of(TaskState.QUEUED, TaskState.RUNNING)));
        expected.put(
                new TaskEvent.Claim(NOW, "command", "host-b", OTHER_JOB),
                EnumSet.of(
                        TaskState.NONE,
                        TaskState.SCHEDULED,
                        TaskState.QUEUED,
                        TaskState.UP_FOR_RETRY,
                        TaskState.UP_FOR_RESCHEDULE));
        expected.put(new TaskEvent.End(TaskState.SUCCESS, NOW, null, JOB, null, null), EnumSet.of(TaskState.RUNNING));
        expected.put(new TaskEvent.Clear(1), EnumSet.allOf(TaskState.class));
        expected.put(new TaskEvent.Mark(TaskState.SUCCESS, NOW), EnumSet.complementOf(EnumSet.of(TaskState.SUCCESS)));
        expected.put(new TaskEvent.Mark(TaskState.FAILED, NOW), EnumSet.complementOf(EnumSet.of(TaskState.FAILED)));
        expected.put(new TaskEvent.Release(), EnumSet.of(TaskState.QUEUED));
        expected.put(new TaskEvent.Orphan(NOW, RETRY_AT), EnumSet.of(TaskState.RUNNING));

        expected.forEach((event, states) ->
                assertThat(statesWhere(event)).as(event.toString()).isEqualTo(states));
    }

    @Test
    void aClaimStartsTheNextTryForTheClaimingJobAndClearsAnEarlierTrysXComs() {
        TaskTransition claim = TaskTransitions.apply(
                        in(TaskState.SCHEDULED), new TaskEvent.Claim(NOW, "sql", "host-b", OTHER_JOB))
                .orElseThrow();

        assertThat(claim.next())
                .isEqualTo(new InstanceState(
                        TaskState.RUNNING, 3, 3, QUEUED_AT, NOW, null, null, "sql", "host-b", OTHER_JOB, null, null));
        assertThat(claim.effects()).containsExactly(TaskEffect.CLEAR_XCOMS);
    }

    @Test
    void aFirstClaimHasNoXComsToClearAndIsQueuedWhenItStarts() {
        TaskTransition claim = TaskTransitions.apply(
                        InstanceState.created(2, "command"), new TaskEvent.Claim(NOW, "command", "h", JOB))
                .orElseThrow();

        assertThat(claim.next().tryNumber()).isEqualTo(1);
        assertThat(claim.next().queuedAt()).isEqualTo(NOW);
        assertThat(claim.next().maxTries()).isEqualTo(2);
        assertThat(claim.effects()).isEmpty();
    }

    @Test
    void anEndKeepsTheTrysStartAndRecordsItsProcessAndRetryTime() {
        TaskTransition end = TaskTransitions.apply(
                        in(TaskState.RUNNING),
                        new TaskEvent.End(TaskState.UP_FOR_RETRY, NOW, RETRY_AT, JOB, 99L, QUEUED_AT))
                .orElseThrow();

        assertThat(end.next())
                .isEqualTo(new InstanceState(
                        TaskState.UP_FOR_RETRY,
                        2,
                        3,
                        QUEUED_AT,
                        STARTED,
                        NOW,
                        RETRY_AT,
                        "command",
                        "host-a",
                        JOB,
                        99L,
                        QUEUED_AT));
        assertThat(end.effects()).containsExactly(TaskEffect.DECIDE_RUN);
    }

    @Test
    void anEndFromAnotherJobIsRefused() {
        assertThat(TaskTransitions.apply(
                        in(TaskState.RUNNING), new TaskEvent.End(TaskState.SUCCESS, NOW, null, OTHER_JOB, null, null)))
                .isEmpty();
        InstanceState unowned =
                new InstanceState(TaskState.RUNNING, 1, 1, null, STARTED, null, null, "command", "h", null, null, null);
        assertThat(TaskTransitions.apply(unowned, new TaskEvent.End(TaskState.SUCCESS, NOW, null, JOB, null, null)))
                .isEmpty();
    }

    @Test
    void anEndIsOneOfTheOutcomesATryCanHave() {
        assertThatThrownBy(() -> new TaskEvent.End(TaskState.UPSTREAM_FAILED, NOW, null, JOB, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("upstream_failed");
        assertThatThrownBy(() -> new TaskEvent.End(TaskState.UP_FOR_RETRY, NOW, null, JOB, null, null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new TaskEvent.End(TaskState.SUCCESS, NOW, RETRY_AT, JOB, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aClearGivesFreshRetriesDropsTheOwnerAndStopsARunningTry() {
        TaskTransition clear = TaskTransitions.apply(in(TaskState.RUNNING), new TaskEvent.Clear(2))
                .orElseThrow();

        assertThat(clear.next())
                .isEqualTo(new InstanceState(
                        TaskState.NONE, 2, 5, null, STARTED, null, null, "command", "host-a", null, 4242L, STARTED));
        assertThat(clear.effects()).containsExactlyInAnyOrder(TaskEffect.STOP_TRY, TaskEffect.DECIDE_RUN);
        assertThat(TaskTransitions.apply(in(TaskState.FAILED), new TaskEvent.Clear(0))
                        .orElseThrow()
                        .effects())
                .containsExactly(TaskEffect.DECIDE_RUN);
    }

    @Test
    void aMarkEndsTheInstanceNowAndGivesANeverStartedOneAStart() {
        TaskTransition mark = TaskTransitions.apply(in(TaskState.NONE), new TaskEvent.Mark(TaskState.SUCCESS, NOW))
                .orElseThrow();

        assertThat(mark.next().state()).isEqualTo(TaskState.SUCCESS);
        assertThat(mark.next().startDate()).isEqualTo(NOW);
        assertThat(mark.next().endDate()).isEqualTo(NOW);
        assertThat(mark.next().jobId()).isNull();
        assertThat(mark.effects()).containsExactly(TaskEffect.DECIDE_RUN);

        TaskTransition running = TaskTransitions.apply(in(TaskState.RUNNING), new TaskEvent.Mark(TaskState.FAILED, NOW))
                .orElseThrow();
        assertThat(running.next().startDate()).isEqualTo(STARTED);
        assertThat(running.effects()).contains(TaskEffect.STOP_TRY);
        assertThatThrownBy(() -> new TaskEvent.Mark(TaskState.SKIPPED, NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("success or failed");
    }

    @Test
    void aReleasedQueuedInstanceIsScheduledAgainWithoutSpendingATry() {
        InstanceState queued = TaskTransitions.apply(
                        in(TaskState.FAILED), new TaskEvent.Queue(NOW, "command", "host-b", OTHER_JOB))
                .orElseThrow()
                .next();
        assertThat(queued)
                .isEqualTo(new InstanceState(
                        TaskState.QUEUED, 2, 3, NOW, null, null, null, "command", "host-b", OTHER_JOB, null, null));

        InstanceState released = TaskTransitions.apply(queued, new TaskEvent.Release())
                .orElseThrow()
                .next();
        assertThat(released.state()).isEqualTo(TaskState.SCHEDULED);
        assertThat(released.tryNumber()).isEqualTo(2);
        assertThat(released.queuedAt()).isNull();
        assertThat(released.jobId()).isNull();
    }

    @Test
    void queueingAnInstanceWithNoTriesLeftGivesItOneMore() {
        InstanceState spent = new InstanceState(
                TaskState.FAILED, 3, 3, QUEUED_AT, STARTED, ENDED, null, "command", "h", JOB, null, null);

        assertThat(TaskTransitions.apply(spent, new TaskEvent.Queue(NOW, "command", "h", JOB))
                        .orElseThrow()
                        .next()
                        .maxTries())
                .isEqualTo(4);
    }

    @Test
    void anOrphanedTryIsRetriedWhileTriesAreLeftAndFailsAfter() {
        InstanceState retried = TaskTransitions.apply(in(TaskState.RUNNING), new TaskEvent.Orphan(NOW, RETRY_AT))
                .orElseThrow()
                .next();
        assertThat(retried.state()).isEqualTo(TaskState.UP_FOR_RETRY);
        assertThat(retried.nextRetryAt()).isEqualTo(RETRY_AT);
        assertThat(retried.endDate()).isEqualTo(NOW);

        InstanceState lastTry = new InstanceState(
                TaskState.RUNNING, 3, 3, QUEUED_AT, STARTED, null, null, "command", "h", JOB, 1L, STARTED);
        InstanceState failed = TaskTransitions.apply(lastTry, new TaskEvent.Orphan(NOW, RETRY_AT))
                .orElseThrow()
                .next();
        assertThat(failed.state()).isEqualTo(TaskState.FAILED);
        assertThat(failed.nextRetryAt()).isNull();
        assertThat(failed.pid()).isEqualTo(1L);
    }

    @Test
    void aDecisionToAFinishedStateEndsTheInstanceAndOneToScheduledDoesNot() {
        TaskTransition skipped = TaskTransitions.apply(
                        InstanceState.created(1, "empty"), new TaskEvent.Decide(TaskState.SKIPPED, NOW))
                .orElseThrow();
        assertThat(skipped.next().startDate()).isEqualTo(NOW);
        assertThat(skipped.next().endDate()).isEqualTo(NOW);
        assertThat(skipped.effects()).containsExactly(TaskEffect.DECIDE_RUN);

        Optional<TaskTransition> scheduled =
                TaskTransitions.apply(in(TaskState.UP_FOR_RETRY), new TaskEvent.Decide(TaskState.SCHEDULED, NOW));
        assertThat(scheduled.orElseThrow().next())
                .isEqualTo(new InstanceState(
                        TaskState.SCHEDULED,
                        2,
                        3,
                        QUEUED_AT,
                        STARTED,
                        ENDED,
                        null,
                        "command",
                        "host-a",
                        JOB,
                        4242L,
                        STARTED));
        assertThat(scheduled.orElseThrow().effects()).isEmpty();
        assertThatThrownBy(() -> new TaskEvent.Decide(TaskState.RUNNING, NOW))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
