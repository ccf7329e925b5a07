package io.weir.transform.project;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a generic test node tests ({@code test_metadata} in dbt's manifest): the test's name ({@code unique},
 * {@code not_null}, {@code accepted_values}, {@code relationships} or a user test macro {@code test_<name>}), its
 * namespace (a package, or null), its keyword arguments (with {@code column_name} and {@code model} as dbt passes
 * them) and the column it is attached to, if any.
 */
public record TestSpec(String name, String namespace, Map<String, Object> kwargs, String columnName) {
    public TestSpec {
        kwargs = Collections.unmodifiableMap(new LinkedHashMap<>(kwargs));
    }
}
