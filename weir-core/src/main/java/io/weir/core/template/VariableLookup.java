package io.weir.core.template;

import java.util.Optional;

/** Reads a Weir variable by key for {@code var.value.NAME} and {@code var.json.NAME} in templates. */
@FunctionalInterface
public interface VariableLookup {

    Optional<String> get(String key);

    /** A lookup that knows no variables. */
    static VariableLookup none() {
        return key -> Optional.empty();
    }
}
