package io.weir.core.dag;

import io.weir.core.task.TaskContext;
import io.weir.core.task.TaskResult;
import io.weir.core.task.TaskType;
import io.weir.core.task.TaskTypeRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Small task types for parser tests: a "command"-like type with its own keys and checks, and "empty". */
public final class TestTaskTypes {
    private TestTaskTypes() {}

    public static TaskTypeRegistry registry() {
        return TaskTypeRegistry.of(new Command(), new Empty());
    }

    public static final class Command implements TaskType {
        @Override
        public String name() {
            return "command";
        }

        @Override
        public Set<String> parameterKeys() {
            return Set.of("command", "env", "cwd");
        }

        @Override
        public List<String> validate(Map<String, Object> params) {
            List<String> problems = new ArrayList<>();
            Object command = params.get("command");
            if (command == null) {
                problems.add("'command' is missing; set the command to run");
            } else if (!(command instanceof String) && !(command instanceof List<?>)) {
                problems.add("'command' must be text or a list of arguments");
            }
            if (params.containsKey("env") && !(params.get("env") instanceof Map<?, ?>)) {
                problems.add("'env' must be a mapping of variable names to values");
            }
            return problems;
        }

        @Override
        public TaskResult execute(TaskContext context) {
            return TaskResult.success();
        }
    }

    public static final class Empty implements TaskType {
        @Override
        public String name() {
            return "empty";
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
}
