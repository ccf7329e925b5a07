package io.weir.extract.database;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;

/** Writes a source's array values as JSON: numbers and booleans as themselves, everything else as text. */
final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private Json() {}

    static String write(Object array) {
        try {
            return MAPPER.writeValueAsString(plain(array));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an array as JSON: " + e.getMessage(), e);
        }
    }

    private static Object plain(Object value) {
        if (value == null || value instanceof Number || value instanceof Boolean || value instanceof String) {
            return value;
        }
        if (value.getClass().isArray()) {
            List<Object> items = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) {
                items.add(plain(Array.get(value, i)));
            }
            return items;
        }
        return value.toString();
    }
}
