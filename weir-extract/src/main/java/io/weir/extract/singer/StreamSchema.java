package io.weir.extract.singer;

import com.fasterxml.jackson.databind.JsonNode;
import io.weir.extract.json.FieldType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A stream's SCHEMA message as columns: each property's JSON-schema type becomes a column type ({@code integer} a
 * whole number, {@code number} a double, {@code string} with format {@code date-time} a timestamp with time zone,
 * objects and arrays JSON), and {@code key_properties} the merge key.
 */
record StreamSchema(String stream, Map<String, FieldType> properties, List<String> keyProperties) {

    static StreamSchema of(JsonNode message) {
        String stream = message.path("stream").asText();
        Map<String, FieldType> properties = new LinkedHashMap<>();
        message.path("schema")
                .path("properties")
                .fields()
                .forEachRemaining(entry -> properties.put(entry.getKey(), type(entry.getValue())));
        List<String> keys = new ArrayList<>();
        message.path("key_properties").forEach(key -> keys.add(key.asText()));
        return new StreamSchema(stream, properties, keys);
    }

    /** The table a stream lands in: its name in lower case, other characters than letters and digits as _. */
    static String tableName(String stream) {
        return stream.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }

    private static FieldType type(JsonNode property) {
        Set<String> types = new TreeSet<>();
        JsonNode type = property.path("type");
        if (type.isArray()) {
            type.forEach(item -> types.add(item.asText()));
        } else if (type.isTextual()) {
            types.add(type.asText());
        } else if (property.has("anyOf")) {
            property.path("anyOf").forEach(option -> {
                FieldType chosen = type(option);
                types.add(chosen == FieldType.JSON ? "object" : chosen.displayName());
            });
        }
        types.remove("null");
        if (types.size() != 1) {
            return types.isEmpty() ? FieldType.JSON : FieldType.TEXT;
        }
        String format = property.path("format").asText("");
        return switch (types.iterator().next()) {
            case "integer", "bigint" -> FieldType.BIGINT;
            case "number", "double" -> FieldType.DOUBLE;
            case "boolean" -> FieldType.BOOLEAN;
            case "string", "text" -> switch (format) {
                case "date-time" -> FieldType.TIMESTAMPTZ;
                case "date" -> FieldType.DATE;
                default -> FieldType.TEXT;
            };
            case "timestamptz" -> FieldType.TIMESTAMPTZ;
            case "date" -> FieldType.DATE;
            default -> FieldType.JSON;
        };
    }
}
