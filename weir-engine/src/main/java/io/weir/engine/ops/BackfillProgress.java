package io.weir.engine.ops;

import io.weir.core.state.TaskState;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/** Where a backfill stands: finished runs and the task instances of its runs by state. */
public record BackfillProgress(int runsTotal, int runsSucceeded, int runsFailed, Map<TaskState, Integer> taskStates) {
    public BackfillProgress {
        taskStates = Map.copyOf(taskStates);
    }

    public int runsFinished() {
        return runsSucceeded + runsFailed;
    }

    /** One line, such as {@code 3/7 runs finished (3 success, 0 failed) | tasks: success 21, running 1}. */
    public String line() {
        StringJoiner tasks = new StringJoiner(", ");
        for (TaskState state : TaskState.values()) {
            Integer count = taskStates.get(state);
            if (count != null && count > 0) {
                tasks.add(state.label() + " " + count);
            }
        }
        return String.format(
                Locale.ROOT,
                "%d/%d runs finished (%d success, %d failed) | tasks: %s",
                runsFinished(),
                runsTotal,
                runsSucceeded,
                runsFailed,
                tasks.length() == 0 ? "none yet" : tasks.toString());
    }
}
