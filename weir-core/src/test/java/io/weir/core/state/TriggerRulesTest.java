package io.weir.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.core.dag.TriggerRule;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class TriggerRulesTest {
    @ParameterizedTest(name = "{0} with upstream [{1}] -> {2}")
    @CsvSource({
        // all_success: failures beat skips, and both cascade without waiting for the rest
        "all_success, success success, RUN",
        "all_success, success running, WAIT",
        "all_success, success none, WAIT",
        "all_success, success up_for_retry, WAIT",
        "all_success, success up_for_reschedule, WAIT",
        "all_success, success skipped, SKIP",
        "all_success, skipped running, SKIP",
        "all_success, success failed, UPSTREAM_FAILED",
        "all_success, upstream_failed queued, UPSTREAM_FAILED",
        "all_success, failed skipped, UPSTREAM_FAILED",
        // all_failed
        "all_failed, failed upstream_failed, RUN",
        "all_failed, failed running, WAIT",
        "all_failed, failed success, SKIP",
        "all_failed, failed skipped, SKIP",
        "all_failed, success running, SKIP",
        // all_done
        "all_done, success failed skipped upstream_failed, RUN",
        "all_done, success queued, WAIT",
        "all_done, failed scheduled, WAIT",
        "all_done, failed up_for_retry, WAIT",
        // all_skipped
        "all_skipped, skipped skipped, RUN",
        "all_skipped, skipped running, WAIT",
        "all_skipped, skipped success, SKIP",
        "all_skipped, skipped failed, SKIP",
        "all_skipped, upstream_failed running, SKIP",
        // one_success fires on the first success
        "one_success, success running, RUN",
        "one_success, failed success, RUN",
        "one_success, failed running, WAIT",
        "one_success, failed skipped, UPSTREAM_FAILED",
        "one_success, failed failed, UPSTREAM_FAILED",
        "one_success, upstream_failed skipped, UPSTREAM_FAILED",
        "one_success, skipped skipped, SKIP",
        // one_failed fires on the first failure
        "one_failed, failed running, RUN",
        "one_failed, upstream_failed none, RUN",
        "one_failed, success running, WAIT",
        "one_failed, success skipped, SKIP",
        // one_done: a success or a failure, not a skip or upstream_failed
        "one_done, success running, RUN",
        "one_done, failed none, RUN",
        "one_done, skipped running, WAIT",
        "one_done, skipped upstream_failed, SKIP",
        "one_done, skipped skipped, SKIP",
        // none_failed
        "none_failed, success skipped, RUN",
        "none_failed, skipped skipped, RUN",
        "none_failed, success running, WAIT",
        "none_failed, failed running, UPSTREAM_FAILED",
        "none_failed, upstream_failed success, UPSTREAM_FAILED",
        // none_failed_min_one_success
        "none_failed_min_one_success, success skipped, RUN",
        "none_failed_min_one_success, skipped skipped, SKIP",
        "none_failed_min_one_success, skipped running, WAIT",
        "none_failed_min_one_success, failed skipped, UPSTREAM_FAILED",
        "none_failed_min_one_success, upstream_failed running, UPSTREAM_FAILED",
        // none_skipped
        "none_skipped, success failed upstream_failed, RUN",
        "none_skipped, success running, WAIT",
        "none_skipped, skipped running, SKIP",
        "none_skipped, success skipped, SKIP",
        // always
        "always, running none, RUN",
        "always, failed skipped, RUN",
    })
    void decidesAsAirflow(String rule, String upstream, TriggerOutcome expected) {
        List<TaskState> states =
                Arrays.stream(upstream.split(" ")).map(TaskState::fromLabel).toList();

        assertThat(TriggerRules.evaluate(TriggerRule.fromLabel(rule), states)).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(TriggerRule.class)
    void taskWithoutUpstreamRuns(TriggerRule rule) {
        assertThat(TriggerRules.evaluate(rule, List.of())).isEqualTo(TriggerOutcome.RUN);
    }

    @ParameterizedTest
    @EnumSource(TriggerRule.class)
    void everyRuleWaitsWhileNoUpstreamHasFinished(TriggerRule rule) {
        List<TaskState> unfinished = List.of(
                TaskState.NONE,
                TaskState.SCHEDULED,
                TaskState.QUEUED,
                TaskState.RUNNING,
                TaskState.UP_FOR_RETRY,
                TaskState.UP_FOR_RESCHEDULE);

        TriggerOutcome expected = rule == TriggerRule.ALWAYS ? TriggerOutcome.RUN : TriggerOutcome.WAIT;
        assertThat(TriggerRules.evaluate(rule, unfinished)).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(TriggerRule.class)
    void everyRuleDecidesOnceAllUpstreamFinished(TriggerRule rule) {
        // with nothing left to wait for, no rule may leave a task in none forever
        List<List<TaskState>> finishedMixes = List.of(
                List.of(TaskState.SUCCESS),
                List.of(TaskState.FAILED),
                List.of(TaskState.SKIPPED),
                List.of(TaskState.UPSTREAM_FAILED),
                List.of(TaskState.SUCCESS, TaskState.SKIPPED),
                List.of(TaskState.SUCCESS, TaskState.FAILED),
                List.of(TaskState.SKIPPED, TaskState.UPSTREAM_FAILED));
        for (List<TaskState> mix : finishedMixes) {
            assertThat(TriggerRules.evaluate(rule, mix))
                    .as("%s with %s", rule, mix)
                    .isNotEqualTo(TriggerOutcome.WAIT);
        }
    }

    @Test
    void countsRejectMoreFinishedThanUpstreamTasks() {
        assertThatThrownBy(() -> new UpstreamCounts(1, 1, 1, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
