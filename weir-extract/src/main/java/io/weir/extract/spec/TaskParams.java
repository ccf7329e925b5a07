package io.weir.extract.spec;

import io.weir.core.project.ProjectSettings;
import io.weir.core.task.TaskContext;
import io.weir.warehouse.WarehouseSettings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The checks and readings every extract task type makes of its parameters, so that each parameter kind is checked
 * and read one way; each check adds its problem to the list it is given.
 */
public final class TaskParams {
    private TaskParams() {}

    /** {@code key} must be a text that is not blank; else {@code message} is a problem. */
    public static void required(Map<String, Object> params, String key, String message, List<String> problems) {
        if (!(params.get(key) instanceof String text) || text.isBlank()) {
            problems.add(message);
        }
    }

    /** {@code key} must be a file's path: "'key' is required: the {@code what}'s path relative to the project". */
    public static void requiredPath(
            Map<String, Object> params, String key, String what, String example, List<String> problems) {
        required(
                params,
                key,
                "'" + key + "' is required: the " + what + "'s path relative to the project, such as '" + example + "'",
                problems);
    }

    /** {@code key}, when given, must be one text; else {@code message} is a problem. */
    public static void optionalText(Map<String, Object> params, String key, String message, List<String> problems) {
        Object value = params.get(key);
        if (value != null && !(value instanceof String)) {
            problems.add(message);
        }
    }

    /** {@code key}, when given, must be one name or a list of them; else {@code message} is a problem. */
    public static void nameOrList(Map<String, Object> params, String key, String message, List<String> problems) {
        Object value = params.get(key);
        if (value != null && !(value instanceof String) && !(value instanceof List<?>)) {
            problems.add(message);
        }
    }

    /** {@code key}, when given, must be a whole number of at least {@code minimum}. */
    public static void wholeNumber(Map<String, Object> params, String key, long minimum, List<String> problems) {
        Object value = params.get(key);
        if (value != null && !(value instanceof Number number && number.longValue() >= minimum)) {
            problems.add("'" + key + "' must be a whole number of at least " + minimum + ", not '" + value + "'");
        }
    }

    /** The names of a parameter that is one name or a list of them; empty when it is not given. */
    public static List<String> names(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return List.of(String.valueOf(value));
    }

    /** The text parameter {@code key}, or {@code fallback} when it is not a text. */
    public static String text(Map<String, Object> params, String key, String fallback) {
        return params.get(key) instanceof String text ? text : fallback;
    }

    /**
     * The warehouse settings of a try: the project's, with Weir's environment and the try's own variables (its
     * declared secrets among them), so that the LOAD credentials can come from either.
     *
     * @throws io.weir.core.WeirException for settings that cannot be read
     */
    public static WarehouseSettings warehouse(TaskContext context) {
        Map<String, String> variables = new HashMap<>(System.getenv());
        variables.putAll(context.environment());
        return WarehouseSettings.of(context.projectDir(), ProjectSettings.load(context.projectDir()), variables);
    }
}
