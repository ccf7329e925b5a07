package io.weir.core.task;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment a task sees, whatever its type: a few harmless variables of Weir's own environment, then the try's
 * (Weir's variables and the secrets its DAG declares). Nothing else of Weir's environment, so undeclared secrets
 * such as {@code WEIR_WAREHOUSE_*_PASSWORD} never reach a command or a dbt project's {@code env_var()}.
 */
public final class TaskEnvironment {
    /** The variables of Weir's own environment every task receives. */
    public static final List<String> INHERITED_VARIABLES =
            List.of("PATH", "HOME", "USER", "LANG", "LC_ALL", "TZ", "TMPDIR", "SHELL", "JAVA_HOME");

    private TaskEnvironment() {}

    /** {@link #INHERITED_VARIABLES} taken from {@code weirEnvironment}, then {@code tryEnvironment} over them. */
    public static Map<String, String> of(Map<String, String> weirEnvironment, Map<String, String> tryEnvironment) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (String name : INHERITED_VARIABLES) {
            String value = weirEnvironment.get(name);
            if (value != null) {
                environment.put(name, value);
            }
        }
        environment.putAll(tryEnvironment);
        return environment;
    }
}
