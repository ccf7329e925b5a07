package io.weir.engine.task;

import io.weir.core.task.TaskContext;
import io.weir.core.task.TaskResult;
import io.weir.core.task.TaskType;
import java.util.Set;

/** Does nothing and succeeds, as Airflow's EmptyOperator: for joins, markers and no-op tasks. */
public final class EmptyTaskType implements TaskType {
    public static final String NAME = "empty";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> parameterKeys() {
        return Set.of();
    }

    @Override
    public TaskResult execute(TaskContext context) {
        return TaskResult.success();
    }
}
