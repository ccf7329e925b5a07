package io.weir.transform.project;

import java.util.Locale;

/** The kinds of node in a project, named as dbt's manifest names them. */
public enum ResourceType {
    MODEL,
    SEED,
    SNAPSHOT,
    TEST,
    ANALYSIS,
    SOURCE;

    /** {@code model}, {@code seed}, ... as in unique ids and {@code resource_type:} selectors. */
    public String manifestName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type named {@code name}, or null. */
    public static ResourceType fromManifestName(String name) {
        for (ResourceType type : values()) {
            if (type.manifestName().equalsIgnoreCase(name)) {
                return type;
            }
        }
        return null;
    }
}
