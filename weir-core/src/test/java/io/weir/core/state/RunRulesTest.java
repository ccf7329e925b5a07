package io.weir.core.state;

import static io.weir.core.state.TaskState.FAILED;
import static io.weir.core.state.TaskState.NONE;
import static io.weir.core.state.TaskState.QUEUED;
import static io.weir.core.state.TaskState.REMOVED;
import static io.weir.core.state.TaskState.RUNNING;
import static io.weir.core.state.TaskState.SCHEDULED;
import static io.weir.core.state.TaskState.SKIPPED;
import static io.weir.core.state.TaskState.SUCCESS;
import static io.weir.core.state.TaskState.UPSTREAM_FAILED;
import static io.weir.core.state.TaskState.UP_FOR_RETRY;
import static io.weir.core.state.TestDags.dag;
import static io.weir.core.state.TestDags.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.core.dag.Dag;
import io.weir.core.dag.TriggerRule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunRulesTest {
    private static final Instant NOW = Instant.parse("2024-01-02T00:30:00Z");
    private static final Dag CHAIN =
            dag(task("a"), task("b").after("a"), task("c").after("b"), task("d").after("c"));

    @Test
    void listsTasksWithoutInstanceAndDecidesNothingForThem() {
        RunDecision first = RunRules.decide(CHAIN, List.of(), null, NOW);

        assertThat(first.missing()).containsExactly("a", "b", "c", "d");
        assertThat(first.transitions()).isEmpty();
        assertThat(first.runState()).isNull();

        RunDecision partial = RunRules.decide(CHAIN, List.of(instance("a", NONE)), null, NOW);
        assertThat(partial.missing()).containsExactly("b", "c", "d");
        assertThat(partial.transitions()).isEqualTo(Map.of("a", SCHEDULED));
        assertThat(partial.runState()).isNull();
    }

    @Test
    void schedulesOnlyTasksWhoseUpstreamSucceeded() {
        RunDecision decision = decide(CHAIN, "a", SUCCESS, "b", NONE, "c", NONE, "d", NONE);

        assertThat(decision.transitions()).isEqualTo(Map.of("b", SCHEDULED));
        assertThat(decision.runState()).isNull();
        assertThat(decision.wakeAt()).isNull();
    }

    @Test
    void skipCascadesDownAChainInOneDecisionAndTheRunSucceeds() {
        RunDecision decision = decide(CHAIN, "a", SKIPPED, "b", NONE, "c", NONE, "d", NONE);

        assertThat(decision.transitions()).isEqualTo(Map.of("b", SKIPPED, "c", SKIPPED, "d", SKIPPED));
        assertThat(decision.runState()).isEqualTo(DagRunState.SUCCESS);
    }

    @Test
    void upstreamFailedCascadesDownInOneDecisionAndTheRunFails() {
        RunDecision decision = decide(CHAIN, "a", SUCCESS, "b", FAILED, "c", NONE, "d", NONE);

        assertThat(decision.transitions()).isEqualTo(Map.of("c", UPSTREAM_FAILED, "d", UPSTREAM_FAILED));
        assertThat(decision.runState()).isEqualTo(DagRunState.FAILED);
    }

    @Test
    void cascadeStopsAtATaskWhoseRuleStillHolds() {
        Dag dag = dag(
                task("extract"),
                task("transform").after("extract"),
                task("cleanup").after("transform").rule(TriggerRule.ALL_DONE));

        RunDecision decision = decide(dag, "extract", FAILED, "transform", NONE, "cleanup", NONE);

        assertThat(decision.transitions()).isEqualTo(Map.of("transform", UPSTREAM_FAILED, "cleanup", SCHEDULED));
        assertThat(decision.runState()).isNull();
    }

    @Test
    void failedNonLeafDoesNotFailTheRunWhenItsAllDoneLeafSucceeds() {
        Dag dag = dag(task("load"), task("cleanup").after("load").rule(TriggerRule.ALL_DONE));

        assertThat(decide(dag, "load", FAILED, "cleanup", NONE).transitions()).isEqualTo(Map.of("cleanup", SCHEDULED));
        assertThat(decide(dag, "load", FAILED, "cleanup", SUCCESS).runState()).isEqualTo(DagRunState.SUCCESS);
    }

    @Test
    void anyFailedLeafFailsTheRun() {
        Dag dag = dag(
                task("load"),
                task("report").after("load"),
                task("alert").after("load").rule(TriggerRule.ONE_FAILED));

        RunDecision decision = decide(dag, "load", FAILED, "report", NONE, "alert", NONE);
        assertThat(decision.transitions()).isEqualTo(Map.of("report", UPSTREAM_FAILED, "alert", SCHEDULED));
        assertThat(decision.runState()).isNull();

        assertThat(decide(dag, "load", FAILED, "report", UPSTREAM_FAILED, "alert", SUCCESS)
                        .runState())
                .isEqualTo(DagRunState.FAILED);
        assertThat(decide(dag, "load", SUCCESS, "report", SUCCESS, "alert", SKIPPED)
                        .runState())
                .isEqualTo(DagRunState.SUCCESS);
    }

    @Test
    void runStaysOpenWhileATaskIsActive() {
        for (TaskState active : List.of(SCHEDULED, QUEUED, RUNNING, TaskState.UP_FOR_RESCHEDULE)) {
            RunDecision decision = decide(CHAIN, "a", active, "b", NONE, "c", NONE, "d", NONE);

            assertThat(decision.transitions()).as("a %s", active).isEmpty();
            assertThat(decision.runState()).as("a %s", active).isNull();
        }
    }

    @Test
    void marksInstancesOfTasksGoneFromTheDagRemovedWithoutBlockingTheRun() {
        Dag dag = dag(task("a"));

        RunDecision decision = decide(dag, "a", SUCCESS, "old", RUNNING, "older", REMOVED);

        assertThat(decision.transitions()).isEqualTo(Map.of("old", REMOVED));
        assertThat(decision.runState()).isEqualTo(DagRunState.SUCCESS);
    }

    @Test
    void restoresATaskThatCameBackToTheDag() {
        RunDecision decision = decide(dag(task("a"), task("b").after("a")), "a", REMOVED, "b", NONE);

        assertThat(decision.transitions()).isEqualTo(Map.of("a", SCHEDULED));
        assertThat(decision.runState()).isNull();
    }

    @Test
    void upForRetryWaitsForItsDelayAndWakesTheSchedulerAtTheEarliest() {
        Dag dag = dag(task("a"), task("b"), task("c").after("a", "b"));
        List<TaskInstanceView> instances = List.of(
                retrying("a", NOW.plus(Duration.ofMinutes(5))),
                retrying("b", NOW.plus(Duration.ofMinutes(2))),
                instance("c", NONE));

        RunDecision decision = RunRules.decide(dag, instances, null, NOW);

        assertThat(decision.transitions()).isEmpty();
        assertThat(decision.wakeAt()).isEqualTo(NOW.plus(Duration.ofMinutes(2)));
        assertThat(decision.runState()).isNull();
    }

    @Test
    void upForRetryIsScheduledOnceItsDelayHasPassed() {
        Dag dag = dag(task("a"), task("b"), task("c"));
        List<TaskInstanceView> instances =
                List.of(retrying("a", NOW), retrying("b", NOW.minusSeconds(1)), retrying("c", NOW.plusSeconds(1)));

        RunDecision decision = RunRules.decide(dag, instances, null, NOW);

        assertThat(decision.transitions()).isEqualTo(Map.of("a", SCHEDULED, "b", SCHEDULED));
        assertThat(decision.wakeAt()).isEqualTo(NOW.plusSeconds(1));
    }

    @Test
    void dependsOnPastIsExemptOnTheFirstRun() {
        Dag dag = dag(task("load").dependsOnPast());

        assertThat(decide(dag, null, "load", NONE).transitions()).isEqualTo(Map.of("load", SCHEDULED));
    }

    @Test
    void dependsOnPastRunsAfterAPreviousSuccessSkipOrAbsence() {
        Dag dag = dag(task("load").dependsOnPast());

        for (Map<String, TaskState> previous :
                List.of(Map.of("load", SUCCESS), Map.of("load", SKIPPED), Map.<String, TaskState>of())) {
            RunDecision decision = decide(dag, new PreviousRun(previous), "load", NONE);

            assertThat(decision.transitions()).as("previous %s", previous).isEqualTo(Map.of("load", SCHEDULED));
        }
    }

    @Test
    void dependsOnPastWaitsWhileThePreviousInstanceIsUnfinished() {
        Dag dag = dag(task("load").dependsOnPast());

        RunDecision decision = decide(dag, new PreviousRun(Map.of("load", RUNNING)), "load", NONE);

        assertThat(decision.transitions()).isEmpty();
        assertThat(decision.runState()).isNull();
    }

    @Test
    void dependsOnPastAfterAPreviousFailureDeadlocksTheRun() {
        Dag dag = dag(task("load").dependsOnPast(), task("report").after("load"));

        RunDecision decision = decide(dag, new PreviousRun(Map.of("load", FAILED)), "load", NONE, "report", NONE);

        assertThat(decision.transitions()).isEmpty();
        assertThat(decision.runState()).isEqualTo(DagRunState.FAILED);
    }

    @Test
    void dependsOnPastOnAnInstanceLeftUnfinishedInAnEndedRunDeadlocksTheRun() {
        Dag dag = dag(task("load").dependsOnPast());

        RunDecision decision = decide(dag, new PreviousRun(Map.of("load", NONE), true), "load", NONE);

        assertThat(decision.runState()).isEqualTo(DagRunState.FAILED);
    }

    @Test
    void previousFailureOnlyHoldsTasksThatDependOnPast() {
        Dag dag = dag(task("load").dependsOnPast(), task("audit"));

        RunDecision decision =
                decide(dag, new PreviousRun(Map.of("load", FAILED, "audit", FAILED)), "load", NONE, "audit", NONE);

        assertThat(decision.transitions()).isEqualTo(Map.of("audit", SCHEDULED));
        assertThat(decision.runState()).isNull();
    }

    @Test
    void waitForDownstreamNeedsThePreviousImmediateDownstreamDone() {
        Dag dag = dag(
                task("extract").waitForDownstream(),
                task("load").after("extract"),
                task("report").after("load"));
        PreviousRun downstreamDone = new PreviousRun(Map.of("extract", SUCCESS, "load", SKIPPED, "report", FAILED));
        PreviousRun downstreamRunning = new PreviousRun(Map.of("extract", SUCCESS, "load", RUNNING));
        PreviousRun downstreamFailed = new PreviousRun(Map.of("extract", SUCCESS, "load", FAILED));
        PreviousRun downstreamAbsent = new PreviousRun(Map.of("extract", SUCCESS));

        assertThat(decide(dag, downstreamDone, "extract", NONE, "load", NONE, "report", NONE)
                        .transitions())
                .as("only the immediate downstream counts")
                .isEqualTo(Map.of("extract", SCHEDULED));
        assertThat(decide(dag, downstreamAbsent, "extract", NONE, "load", NONE, "report", NONE)
                        .transitions())
                .isEqualTo(Map.of("extract", SCHEDULED));

        RunDecision waiting = decide(dag, downstreamRunning, "extract", NONE, "load", NONE, "report", NONE);
        assertThat(waiting.transitions()).isEmpty();
        assertThat(waiting.runState()).isNull();

        RunDecision deadlocked = decide(dag, downstreamFailed, "extract", NONE, "load", NONE, "report", NONE);
        assertThat(deadlocked.transitions()).isEmpty();
        assertThat(deadlocked.runState()).isEqualTo(DagRunState.FAILED);
    }

    @Test
    void aNewDagInstanceWithTheSameIdIsDecidedByItsOwnTasks() {
        Dag before = dag("reloaded", task("a"), task("b").after("a"));
        Dag after = dag("reloaded", task("a"), task("c").after("a"));
        List<TaskInstanceView> instances = List.of(instance("a", SUCCESS), instance("b", NONE));

        assertThat(RunRules.decide(before, instances, null, NOW).transitions()).isEqualTo(Map.of("b", SCHEDULED));

        RunDecision decision = RunRules.decide(after, instances, null, NOW);
        assertThat(decision.missing()).containsExactly("c");
        assertThat(decision.transitions()).isEqualTo(Map.of("b", REMOVED));
    }

    @Test
    void wideDagIsDecidedInOnePass() {
        // a fan-in of 200 tasks behind one failed root: every task is decided in the same call
        List<TestDags.TaskBuilder> tasks = new ArrayList<>();
        List<TaskInstanceView> instances = new ArrayList<>();
        tasks.add(task("root"));
        instances.add(instance("root", FAILED));
        String[] middle = new String[200];
        for (int index = 0; index < middle.length; index++) {
            middle[index] = "task_" + index;
            tasks.add(task(middle[index]).after("root"));
            instances.add(instance(middle[index], NONE));
        }
        tasks.add(task("join").after(middle).rule(TriggerRule.NONE_FAILED_MIN_ONE_SUCCESS));
        instances.add(instance("join", NONE));

        RunDecision decision = RunRules.decide(dag(tasks.toArray(new TestDags.TaskBuilder[0])), instances, null, NOW);

        assertThat(decision.transitions()).hasSize(201).containsEntry("join", UPSTREAM_FAILED);
        assertThat(decision.runState()).isEqualTo(DagRunState.FAILED);
    }

    @Test
    void rejectsTwoInstancesOfOneTask() {
        assertThatThrownBy(() -> decide(dag(task("a")), "a", NONE, "a", RUNNING))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("task a");
    }

    private static RunDecision decide(Dag dag, Object... taskIdsAndStates) {
        return decide(dag, null, taskIdsAndStates);
    }

    private static RunDecision decide(Dag dag, PreviousRun previous, Object... taskIdsAndStates) {
        List<TaskInstanceView> instances = new ArrayList<>();
        for (int index = 0; index < taskIdsAndStates.length; index += 2) {
            instances.add(instance((String) taskIdsAndStates[index], (TaskState) taskIdsAndStates[index + 1]));
        }
        return RunRules.decide(dag, instances, previous, NOW);
    }

    private static TaskInstanceView instance(String taskId, TaskState state) {
        return new TaskInstanceView(taskId, state, 1, null);
    }

    private static TaskInstanceView retrying(String taskId, Instant nextRetryAt) {
        return new TaskInstanceView(taskId, UP_FOR_RETRY, 1, nextRetryAt);
    }
}
