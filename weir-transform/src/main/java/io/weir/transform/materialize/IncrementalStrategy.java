package io.weir.transform.materialize;

import io.weir.transform.TransformException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How an incremental model's new rows reach its table ({@code incremental_strategy}). */
enum IncrementalStrategy {
    APPEND("append"),
    DELETE_INSERT("delete+insert"),
    MERGE("merge");

    private final String configName;

    IncrementalStrategy(String configName) {
        this.configName = configName;
    }

    String configName() {
        return configName;
    }

    /**
     * The strategy named {@code name}; unset (or {@code default}) is delete+insert with a unique key, append without.
     *
     * @throws TransformException listing the valid names when {@code name} is none of them
     */
    static IncrementalStrategy of(String name, boolean hasUniqueKey) {
        if (name == null || name.isBlank() || name.equalsIgnoreCase("default")) {
            return hasUniqueKey ? DELETE_INSERT : APPEND;
        }
        String wanted = name.strip().toLowerCase(Locale.ROOT);
        for (IncrementalStrategy strategy : values()) {
            if (strategy.configName.equals(wanted)) {
                return strategy;
            }
        }
        throw new TransformException("incremental_strategy '" + name + "' is not supported; use one of "
                + Arrays.stream(values()).map(s -> s.configName).collect(Collectors.joining(", ")));
    }
}
