package io.weir.engine.task;

import io.weir.core.ErrorCode;
import io.weir.core.WeirException;
import io.weir.core.task.TaskContext;
import io.weir.core.task.TaskResult;
import io.weir.core.task.TaskType;
import java.net.SocketTimeoutException;
import java.util.Set;

/**
 * A task type for tests that fails as an in-process task type does: with a WeirException whose cause is a timeout
 * ({@code cause: timeout}, as a dropped warehouse connection) or none ({@code cause: mistake}, as a user's error).
 */
public final class FailingTaskType implements TaskType {
    @Override
    public String name() {
        return "test.fail";
    }

    @Override
    public Set<String> parameterKeys() {
        return Set.of("cause");
    }

    @Override
    public TaskResult execute(TaskContext context) {
        if ("timeout".equals(context.params().get("cause"))) {
            throw new WeirException(
                    ErrorCode.TASK_FAILED,
                    "Model orders failed on try " + context.tryNumber(),
                    new SocketTimeoutException("Read timed out"));
        }
        throw new WeirException(ErrorCode.USER_INPUT, "Model orders selects from a table that does not exist");
    }
}
