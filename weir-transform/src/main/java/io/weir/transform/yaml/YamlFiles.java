package io.weir.transform.yaml;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.weir.transform.TransformException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the YAML files of a project into plain maps and lists, naming the file and line when one does not parse. */
public final class YamlFiles {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private YamlFiles() {}

    /** The file's top-level mapping; an empty file gives an empty map. */
    public static Map<String, Object> readMap(Path file, String shownAs) {
        try {
            return parseMap(Files.readString(file), shownAs);
        } catch (IOException e) {
            throw new TransformException("Cannot read " + shownAs + ": " + e.getMessage(), e);
        }
    }

    /** {@code text}'s top-level mapping, errors naming {@code shownAs}. */
    public static Map<String, Object> parseMap(String text, String shownAs) {
        if (text.isBlank()) {
            return new LinkedHashMap<>();
        }
        try {
            Object value = YAML.readValue(text, Object.class);
            if (value == null) {
                return new LinkedHashMap<>();
            }
            if (!(value instanceof Map<?, ?> map)) {
                throw new TransformException(shownAs + " must be a YAML mapping of keys to values");
            }
            return stringKeys(map, shownAs);
        } catch (JsonProcessingException e) {
            JsonLocation location = e.getLocation();
            String line = location == null || location.getLineNr() < 0 ? "" : ", line " + location.getLineNr();
            throw new TransformException(
                    "Invalid YAML in " + shownAs + line + ": "
                            + e.getOriginalMessage().strip(),
                    e);
        }
    }

    /** {@code value} as a mapping with text keys; an error naming {@code what} otherwise. */
    public static Map<String, Object> map(Object value, String what) {
        if (value == null) {
            return new LinkedHashMap<>();
        }
        if (value instanceof Map<?, ?> map) {
            return stringKeys(map, what);
        }
        throw new TransformException(what + " must be a mapping (key: value), not " + describe(value));
    }

    /** {@code value} as a list; a single value becomes a one-element list. */
    public static List<Object> list(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return List.copyOf(
                    list.stream().map(item -> item == null ? (Object) "" : item).toList());
        }
        return List.of(value);
    }

    /** {@code value} as a list of texts. */
    public static List<String> strings(Object value) {
        return list(value).stream().map(String::valueOf).toList();
    }

    private static Map<String, Object> stringKeys(Map<?, ?> map, String what) {
        Map<String, Object> result = new LinkedHashMap<>();
        map.forEach((key, value) -> result.put(String.valueOf(key), value));
        return result;
    }

    private static String describe(Object value) {
        return value instanceof List<?> ? "a list" : "'" + value + "'";
    }
}
