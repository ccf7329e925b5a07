package io.weir.extract.json;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The records of one JSON (or YAML) document, read as they stream: the parser walks to the value at a
 * {@link ListPath} and hands out its items one tree at a time, so a page of any size needs the memory of one record.
 * Single values at other paths (a cursor, a total) are picked up on the way, before or after the list.
 */
public final class RecordStream implements Closeable {
    private final JsonParser parser;
    private final ObjectMapper mapper;
    private final ListPath list;
    private final List<ListPath> captures;
    private final Map<ListPath, String> captured = new HashMap<>();
    private final List<String> path = new ArrayList<>();
    private String field;
    private boolean found;
    private boolean inList;
    private boolean finished;
    private JsonNode single;

    public RecordStream(JsonParser parser, ObjectMapper mapper, ListPath list, List<ListPath> captures) {
        this.parser = requireNonNull(parser, "parser is null");
        this.mapper = requireNonNull(mapper, "mapper is null");
        this.list = requireNonNull(list, "list is null");
        this.captures = List.copyOf(captures);
    }

    /**
     * The next record, or null after the last one (and then the document has been read to its end).
     *
     * @throws IOException when the document is not valid JSON (or YAML)
     */
    public JsonNode next() throws IOException {
        if (finished) {
            return null;
        }
        if (!found) {
            walk();
            if (!found) {
                finished = true;
                return null;
            }
        }
        if (single != null) {
            JsonNode record = single;
            single = null;
            return record;
        }
        if (inList) {
            JsonToken token = parser.nextToken();
            if (token != null && token != JsonToken.END_ARRAY) {
                return mapper.readTree(parser);
            }
            inList = false;
            path.remove(path.size() - 1);
        }
        walk();
        finished = true;
        return null;
    }

    /** Whether the document had a value at the list's path (known once {@link #next} returned null). */
    public boolean foundList() {
        return found;
    }

    /** The single value found at {@code capture}, or null (also for JSON null). */
    public String captured(ListPath capture) {
        return captured.get(capture);
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }

    /** Reads tokens until the list starts (when it is not found yet) or the document ends. */
    private void walk() throws IOException {
        JsonToken token;
        while ((token = parser.nextToken()) != null) {
            if (token == JsonToken.FIELD_NAME) {
                field = parser.currentName();
                continue;
            }
            if (token == JsonToken.END_OBJECT) {
                if (!path.isEmpty()) {
                    path.remove(path.size() - 1);
                }
                field = null;
                continue;
            }
            if (token == JsonToken.END_ARRAY) {
                continue;
            }
            List<String> at = valuePath();
            boolean isList = !found && at.equals(list.keys());
            if (token == JsonToken.START_ARRAY) {
                if (isList) {
                    found = true;
                    inList = true;
                    path.add("[]");
                    return;
                }
                parser.skipChildren();
            } else if (token == JsonToken.START_OBJECT) {
                if (isList) {
                    found = true;
                    single = mapper.readTree(parser);
                    return;
                }
                if (leadsSomewhere(at)) {
                    path.add(field == null ? "" : field);
                } else {
                    parser.skipChildren();
                }
            } else {
                if (isList) {
                    found = true;
                    single = mapper.readTree(parser);
                    return;
                }
                for (ListPath capture : captures) {
                    if (capture.keys().equals(at)) {
                        captured.put(capture, token == JsonToken.VALUE_NULL ? null : parser.getText());
                    }
                }
            }
            field = null;
        }
    }

    /** The path of the value at the current token: the keys of the enclosing objects and the current field. */
    private List<String> valuePath() {
        List<String> at = new ArrayList<>();
        for (String key : path) {
            if (!key.isEmpty()) {
                at.add(key);
            }
        }
        if (field != null) {
            at.add(field);
        }
        return at;
    }

    private boolean leadsSomewhere(List<String> at) {
        if (!found && startsWith(list.keys(), at)) {
            return true;
        }
        return captures.stream().anyMatch(capture -> startsWith(capture.keys(), at));
    }

    private static boolean startsWith(List<String> keys, List<String> prefix) {
        return keys.size() > prefix.size() && keys.subList(0, prefix.size()).equals(prefix);
    }
}
