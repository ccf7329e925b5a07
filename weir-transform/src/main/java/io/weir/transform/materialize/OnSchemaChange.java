package io.weir.transform.materialize;

import io.weir.transform.TransformException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What an incremental run does when the model's columns differ from its table's ({@code on_schema_change}). */
enum OnSchemaChange {
    IGNORE,
    FAIL,
    APPEND_NEW_COLUMNS,
    SYNC_ALL_COLUMNS;

    String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode named {@code name}, {@code ignore} when unset. */
    static OnSchemaChange of(String name) {
        if (name == null || name.isBlank()) {
            return IGNORE;
        }
        for (OnSchemaChange mode : values()) {
            if (mode.configName().equalsIgnoreCase(name.strip())) {
                return mode;
            }
        }
        throw new TransformException("on_schema_change '" + name + "' is not supported; use one of "
                + Arrays.stream(values()).map(OnSchemaChange::configName).collect(Collectors.joining(", ")));
    }
}
