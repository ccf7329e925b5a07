package io.weir.transform.jinja;

import java.util.Map;

/**
 * The scope of templates that belong to no node: macro files being defined, and Jinja in a properties value such as
 * a source's {@code schema: "{{ target.schema }}_raw"}. Nothing is called there, so every question has an empty
 * answer; {@code target}, {@code var} and {@code env_var} work as everywhere.
 */
public enum DefinitionScope implements NodeScope {
    INSTANCE;

    @Override
    public Object ref(String packageName, String name) {
        return "";
    }

    @Override
    public Object source(String sourceName, String tableName) {
        return "";
    }

    @Override
    public void config(Map<String, Object> values) {}

    @Override
    public Map<String, Object> currentConfig() {
        return Map.of();
    }

    @Override
    public RelationValue self() {
        return null;
    }

    @Override
    public Map<String, Object> model() {
        return Map.of();
    }
}
