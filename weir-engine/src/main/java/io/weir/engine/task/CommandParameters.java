package io.weir.engine.task;

import io.weir.core.task.TaskContext;
import io.weir.core.task.TaskFailure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The keys of a {@code command} task, checked; each problem is one sentence naming the key. */
record CommandParameters(List<String> command, Map<String, String> env, String cwd) {
    static final Set<String> KEYS = Set.of("command", "env", "cwd");

    static List<String> problems(Map<String, Object> params) {
        List<String> problems = new ArrayList<>();
        parseCommand(params.get("command"), problems);
        parseEnv(params.get("env"), problems);
        parseCwd(params.get("cwd"), problems);
        return problems;
    }

    static CommandParameters from(Map<String, Object> params, TaskContext context) {
        List<String> problems = new ArrayList<>();
        List<String> command = parseCommand(params.get("command"), problems);
        Map<String, String> env = parseEnv(params.get("env"), problems);
        String cwd = parseCwd(params.get("cwd"), problems);
        if (!problems.isEmpty()) {
            throw new TaskFailure(
                    "Task " + context.taskId() + " in DAG " + context.dagId() + ": " + String.join("; ", problems),
                    false);
        }
        return new CommandParameters(command, env, cwd);
    }

    private static List<String> parseCommand(Object value, List<String> problems) {
        if (value == null) {
            problems.add("Key 'command' is required: give a shell command as a string, or a program and its"
                    + " arguments as a list");
            return List.of();
        }
        if (value instanceof String text) {
            if (text.isBlank()) {
                problems.add("Key 'command' is empty: give the shell command to run");
            }
            return List.of("bash", "-c", text);
        }
        if (value instanceof List<?> items) {
            if (items.isEmpty()) {
                problems.add("Key 'command' is an empty list: give the program and its arguments");
            }
            List<String> arguments = new ArrayList<>();
            for (int index = 0; index < items.size(); index++) {
                Object item = items.get(index);
                if (isScalar(item)) {
                    arguments.add(item.toString());
                } else {
                    problems.add("Key 'command' must be a list of strings, but item " + (index + 1) + " is "
                            + describe(item) + ": quote it as a string");
                }
            }
            return arguments;
        }
        problems.add("Key 'command' must be a string or a list of strings, not " + describe(value));
        return List.of();
    }

    private static Map<String, String> parseEnv(Object value, List<String> problems) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> entries)) {
            problems.add("Key 'env' must be a map of variable names to values, such as {TARGET: raw}, not "
                    + describe(value));
            return Map.of();
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : entries.entrySet()) {
            String name = String.valueOf(entry.getKey());
            if (name.isEmpty() || name.contains("=") || name.indexOf('\0') >= 0) {
                problems.add("Key 'env' has the variable name '" + name
                        + "', which is not a valid name: use letters, digits and underscores");
            } else if (io.weir.core.task.TaskContext.WEIR_VARIABLES.contains(name)) {
                problems.add("Key 'env' sets " + name + ", which Weir sets for every try (together they mark the"
                        + " try's processes): use another name");
            } else if (isScalar(entry.getValue())) {
                env.put(name, entry.getValue().toString());
            } else {
                problems.add("Key 'env' sets " + name + " to " + describe(entry.getValue()) + ": give a string value");
            }
        }
        return env;
    }

    private static String parseCwd(Object value, List<String> problems) {
        if (value == null) {
            return ".";
        }
        if (value instanceof String text && !text.isBlank()) {
            return text;
        }
        problems.add("Key 'cwd' must be a folder as a string, relative to the project folder, not " + describe(value));
        return ".";
    }

    private static boolean isScalar(Object value) {
        return value instanceof String || value instanceof Number || value instanceof Boolean;
    }

    private static String describe(Object value) {
        if (value == null) {
            return "empty (null)";
        }
        if (value instanceof Map<?, ?>) {
            return "a map";
        }
        if (value instanceof List<?>) {
            return "a list";
        }
        if (value instanceof String text && text.isBlank()) {
            return "an empty string";
        }
        return "the " + value.getClass().getSimpleName().toLowerCase(Locale.ROOT) + " " + value;
    }
}
