package io.weir.core.state;

import io.weir.core.dag.TriggerRule;
import java.util.Collection;

/**
 * Trigger-rule evaluation as Airflow 2 does it with upstream-failure flagging on: a rule that can no longer be met
 * sets the task skipped or upstream_failed at once, and one_success/one_failed/one_done fire as soon as one
 * upstream qualifies. A task without upstream tasks always runs.
 */
public final class TriggerRules {
    private TriggerRules() {}

    public static TriggerOutcome evaluate(TriggerRule rule, Collection<TaskState> upstreamStates) {
        return evaluate(rule, UpstreamCounts.of(upstreamStates));
    }

    public static TriggerOutcome evaluate(TriggerRule rule, UpstreamCounts upstream) {
        if (upstream.total() == 0) {
            return TriggerOutcome.RUN;
        }
        int failures = upstream.failed() + upstream.upstreamFailed();
        boolean allDone = upstream.allDone();
        return switch (rule) {
            case ALL_SUCCESS -> {
                if (failures > 0) {
                    yield TriggerOutcome.UPSTREAM_FAILED;
                }
                if (upstream.skipped() > 0) {
                    yield TriggerOutcome.SKIP;
                }
                yield runWhen(upstream.success() == upstream.total());
            }
            case ALL_FAILED -> {
                if (upstream.success() > 0 || upstream.skipped() > 0) {
                    yield TriggerOutcome.SKIP;
                }
                yield runWhen(failures == upstream.total());
            }
            case ALL_DONE -> runWhen(allDone);
            case ALL_SKIPPED -> {
                if (upstream.success() > 0 || failures > 0) {
                    yield TriggerOutcome.SKIP;
                }
                yield runWhen(upstream.skipped() == upstream.total());
            }
            case ONE_SUCCESS -> {
                if (upstream.success() > 0) {
                    yield TriggerOutcome.RUN;
                }
                if (!allDone) {
                    yield TriggerOutcome.WAIT;
                }
                // every upstream finished without a success: all skipped skips, anything else is a failure
                yield upstream.done() == upstream.skipped() ? TriggerOutcome.SKIP : TriggerOutcome.UPSTREAM_FAILED;
            }
            case ONE_FAILED -> {
                if (failures > 0) {
                    yield TriggerOutcome.RUN;
                }
                yield allDone ? TriggerOutcome.SKIP : TriggerOutcome.WAIT;
            }
            case ONE_DONE -> {
                if (upstream.success() + upstream.failed() > 0) {
                    yield TriggerOutcome.RUN;
                }
                yield allDone ? TriggerOutcome.SKIP : TriggerOutcome.WAIT;
            }
            case NONE_FAILED -> {
                if (failures > 0) {
                    yield TriggerOutcome.UPSTREAM_FAILED;
                }
                yield runWhen(upstream.success() + upstream.skipped() == upstream.total());
            }
            case NONE_FAILED_MIN_ONE_SUCCESS -> {
                if (failures > 0) {
                    yield TriggerOutcome.UPSTREAM_FAILED;
                }
                if (upstream.skipped() == upstream.total()) {
                    yield TriggerOutcome.SKIP;
                }
                yield runWhen(upstream.success() + upstream.skipped() == upstream.total());
            }
            case NONE_SKIPPED -> {
                if (upstream.skipped() > 0) {
                    yield TriggerOutcome.SKIP;
                }
                yield runWhen(allDone);
            }
            case ALWAYS -> TriggerOutcome.RUN;
        };
    }

    private static TriggerOutcome runWhen(boolean met) {
        return met ? TriggerOutcome.RUN : TriggerOutcome.WAIT;
    }
}
