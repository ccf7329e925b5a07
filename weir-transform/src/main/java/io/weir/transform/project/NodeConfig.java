package io.weir.transform.project;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node's resolved configuration: dbt's config keys ({@code materialized}, {@code schema}, {@code unique_key},
 * {@code severity}, ...) with their final values after the precedence {@code config()} in the file > properties
 * YAML > the most specific folder in {@code dbt_project.yml} > defaults. Keys keep dbt's names so the manifest can
 * print them as they are.
 */
public record NodeConfig(Map<String, Object> values) {

    public NodeConfig {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public static NodeConfig empty() {
        return new NodeConfig(Map.of());
    }

    public Object get(String key) {
        return values.get(key);
    }

    /** The value of {@code key} as text, or null when unset. */
    public String string(String key) {
        Object value = values.get(key);
        return value == null ? null : value.toString();
    }

    public boolean bool(String key, boolean otherwise) {
        Object value = values.get(key);
        if (value instanceof Boolean b) {
            return b;
        }
        return value == null ? otherwise : Boolean.parseBoolean(value.toString());
    }

    /** The value of {@code key} as a list of strings: a single value becomes a one-element list. */
    public List<String> strings(String key) {
        Object value = values.get(key);
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return List.of(value.toString());
    }

    /** {@code materialized}, {@code view} when unset. */
    public String materialized() {
        String value = string("materialized");
        return value == null ? "view" : value;
    }

    public boolean enabled() {
        return bool("enabled", true);
    }

    public List<String> tags() {
        return strings("tags");
    }

    /** A copy with {@code key} set to {@code value}. */
    public NodeConfig with(String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(values);
        copy.put(key, value);
        return new NodeConfig(copy);
    }
}
