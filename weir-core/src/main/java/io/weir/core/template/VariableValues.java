package io.weir.core.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.AbstractMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@code var.value} or {@code var.json} of one render: a map that looks variables up by key and remembers which ones
 * were missing or not JSON, so a failed render can say why.
 */
final class VariableValues extends AbstractMap<String, Object> {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final VariableLookup lookup;
    private final boolean json;
    private final Set<String> missing = new LinkedHashSet<>();
    private final Set<String> notJson = new LinkedHashSet<>();

    VariableValues(VariableLookup lookup, boolean json) {
        this.lookup = lookup;
        this.json = json;
    }

    @Override
    public Object get(Object key) {
        String name = String.valueOf(key);
        String value = lookup.get(name).orElse(null);
        if (value == null) {
            missing.add(name);
            return null;
        }
        if (!json) {
            return value;
        }
        try {
            return JSON.readValue(value, Object.class);
        } catch (JsonProcessingException e) {
            notJson.add(name);
            return null;
        }
    }

    @Override
    public boolean containsKey(Object key) {
        return lookup.get(String.valueOf(key)).isPresent();
    }

    /** Variables cannot be listed through a template. */
    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
        return Set.of();
    }

    boolean wasMissing(String name) {
        return missing.contains(name);
    }

    boolean wasNotJson(String name) {
        return notJson.contains(name);
    }
}
