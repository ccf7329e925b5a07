package io.weir.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every event in every DAG-run state, without a database. */
class RunTransitionsTest {
    private static final Instant STARTED = Instant.parse("2024-01-02T00:00:02Z");
    private static final Instant ENDED = Instant.parse("2024-01-02T00:00:03Z");
    private static final Instant NOW = Instant.parse("2024-01-02T00:01:00Z");

    /** A run in {@code state}, as far along as that state gets. */
    private static RunStatus in(DagRunState state) {
        return switch (state) {
            case QUEUED -> new RunStatus(state, null, null);
            case RUNNING -> new RunStatus(state, STARTED, null);
            case SUCCESS, FAILED -> new RunStatus(state, STARTED, ENDED);
        };
    }

    private static Set<DagRunState> statesWhere(RunEvent event) {
        Set<DagRunState> applies = EnumSet.noneOf(DagRunState.class);
        for (DagRunState state : DagRunState.values()) {
            if (RunTransitions.apply(in(state), event).isPresent()) {
                applies.add(state);
            }
        }
        return applies;
    }

    @Test
    void eachEventAppliesInExactlyTheStatesWhereItMeansSomething() {
        Map<RunEvent, Set<DagRunState>> expected = new LinkedHashMap<>();
        expected.put(new RunEvent.Start(NOW), EnumSet.of(DagRunState.QUEUED));
        expected.put(
                new RunEvent.Finish(DagRunState.SUCCESS, NOW),
                EnumSet.of(DagRunState.QUEUED, DagRunState.RUNNING, DagRunState.FAILED));
        expected.put(
                new RunEvent.Finish(DagRunState.FAILED, NOW),
                EnumSet.of(DagRunState.QUEUED, DagRunState.RUNNING, DagRunState.SUCCESS));
        expected.put(new RunEvent.Reopen(NOW), EnumSet.of(DagRunState.QUEUED, DagRunState.SUCCESS, DagRunState.FAILED));
        expected.put(
                new RunEvent.Requeue(NOW), EnumSet.of(DagRunState.RUNNING, DagRunState.SUCCESS, DagRunState.FAILED));
        expected.forEach((event, states) ->
                assertThat(statesWhere(event)).as(event.toString()).isEqualTo(states));
    }

    @Test
    void startRunsAQueuedRunFromNowAndDecidesIt() {
        RunTransition transition = RunTransitions.apply(in(DagRunState.QUEUED), new RunEvent.Start(NOW))
                .orElseThrow();

        assertThat(transition.next()).isEqualTo(new RunStatus(DagRunState.RUNNING, NOW, null));
        assertThat(transition.effects()).containsExactly(RunEffect.DECIDE_RUN);
    }

    @Test
    void finishKeepsTheStartAndEndsNow() {
        RunTransition transition = RunTransitions.apply(
                        in(DagRunState.RUNNING), new RunEvent.Finish(DagRunState.FAILED, NOW))
                .orElseThrow();

        assertThat(transition.next()).isEqualTo(new RunStatus(DagRunState.FAILED, STARTED, NOW));
        assertThat(transition.effects()).containsExactly(RunEffect.RUN_FINISHED);
    }

    @Test
    void aMarkTurnsAFinishedRunIntoTheOtherOutcomeWithANewEnd() {
        RunTransition transition = RunTransitions.apply(
                        in(DagRunState.FAILED), new RunEvent.Finish(DagRunState.SUCCESS, NOW))
                .orElseThrow();

        assertThat(transition.next()).isEqualTo(new RunStatus(DagRunState.SUCCESS, STARTED, NOW));
        assertThat(transition.has(RunEffect.RUN_FINISHED)).isTrue();
    }

    @Test
    void aQueuedRunFinishedByAMarkStartsAndEndsAtOnce() {
        RunTransition transition = RunTransitions.apply(
                        in(DagRunState.QUEUED), new RunEvent.Finish(DagRunState.SUCCESS, NOW))
                .orElseThrow();

        assertThat(transition.next()).isEqualTo(new RunStatus(DagRunState.SUCCESS, NOW, NOW));
    }

    @Test
    void reopenKeepsTheFirstStartAndForgetsTheEnd() {
        for (DagRunState finished : EnumSet.of(DagRunState.SUCCESS, DagRunState.FAILED)) {
            RunTransition transition =
                    RunTransitions.apply(in(finished), new RunEvent.Reopen(NOW)).orElseThrow();

            assertThat(transition.next()).isEqualTo(new RunStatus(DagRunState.RUNNING, STARTED, null));
            assertThat(transition.effects()).containsExactly(RunEffect.DECIDE_RUN);
        }
    }

    @Test
    void reopeningARunThatNeverStartedStartsItNow() {
        RunTransition transition = RunTransitions.apply(in(DagRunState.QUEUED), new RunEvent.Reopen(NOW))
                .orElseThrow();

        assertThat(transition.next()).isEqualTo(new RunStatus(DagRunState.RUNNING, NOW, null));
    }

    @Test
    void requeueForgetsTheDatesSoTheNextStartIsTheRealOne() {
        for (DagRunState state : EnumSet.of(DagRunState.RUNNING, DagRunState.SUCCESS, DagRunState.FAILED)) {
            RunTransition transition =
                    RunTransitions.apply(in(state), new RunEvent.Requeue(NOW)).orElseThrow();

            assertThat(transition.next()).isEqualTo(new RunStatus(DagRunState.QUEUED, null, null));
            assertThat(transition.effects()).isEmpty();
        }
    }

    @Test
    void aRunFinishesOnlyAsSuccessOrFailed() {
        assertThatThrownBy(() -> new RunEvent.Finish(DagRunState.RUNNING, NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("running");
        assertThatThrownBy(() -> new RunEvent.Finish(DagRunState.QUEUED, NOW))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
