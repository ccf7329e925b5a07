package io.weir.transform.jinja;

import io.weir.transform.TransformException;

/**
 * The {@code config} object of a template, beside the {@code config(...)} function: {@code config.get('key')},
 * {@code config.get('key', default)} and {@code config.require('key')} read the node's configuration as it stands.
 */
public final class ConfigValues {
    private final NodeScope scope;

    ConfigValues(NodeScope scope) {
        this.scope = scope;
    }

    public Object get(String key) {
        return scope.currentConfig().get(key);
    }

    public Object get(String key, Object otherwise) {
        Object value = scope.currentConfig().get(key);
        return value == null ? otherwise : value;
    }

    public Object require(String key) {
        Object value = scope.currentConfig().get(key);
        if (value == null) {
            throw Render.current()
                    .fail(new TransformException("the config '" + key + "' is required but not set; set it with"
                            + " config(" + key + "=...) or in dbt_project.yml"));
        }
        return value;
    }

    @Override
    public String toString() {
        return scope.currentConfig().toString();
    }
}
