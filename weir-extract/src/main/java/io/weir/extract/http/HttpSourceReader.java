package io.weir.extract.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.weir.extract.json.FieldType;
import io.weir.extract.json.ListPath;
import io.weir.extract.json.RecordColumns;
import io.weir.extract.spec.SpecReader;
import io.weir.warehouse.load.LoadMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Node;

/** Reads an HTTP source's description file; every problem is reported with its line. */
public final class HttpSourceReader {
    static final Set<String> TOP_KEYS =
            Set.of("source", "base_url", "auth", "headers", "params", "pagination", "retry", "records", "objects");
    static final Set<String> OBJECT_KEYS =
            Set.of("path", "method", "params", "headers", "body", "records", "fields", "pagination", "load", "checks");
    static final Set<String> AUTH_KEYS = Set.of("type", "token", "username", "password", "key", "name", "in");
    static final Set<String> PAGINATION_KEYS = Set.of(
            "type",
            "page_param",
            "offset_param",
            "size_param",
            "size",
            "start",
            "cursor_path",
            "cursor_param",
            "next_url_path");
    static final Set<String> RETRY_KEYS = Set.of("attempts", "backoff_seconds", "max_wait_seconds");
    static final Set<String> CHECK_KEYS = Set.of("min_rows", "max_row_change_percent", "required_fields", "unique_key");
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]*");

    private final SpecReader reader;
    private final String file;

    private HttpSourceReader(SpecReader reader, String file) {
        this.reader = reader;
        this.file = file;
    }

    /**
     * Reads {@code path}, which messages call {@code file}.
     *
     * @throws io.weir.extract.ExtractException naming the file, and every problem with its line
     */
    public static HttpSource read(Path path, String file) {
        SpecReader.Root root = SpecReader.open(path, file, "HTTP source description");
        return new HttpSourceReader(root.reader(), file).read(root.mapping(), path);
    }

    private HttpSource read(Node root, Path path) {
        Map<String, Node> top = reader.entries(root, TOP_KEYS, "the source");
        String stem = path.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        String name = top.containsKey("source") ? reader.text(top.get("source"), "source", "the source") : stem;
        if (name != null && !NAME.matcher(name).matches()) {
            reader.problem(
                    top.getOrDefault("source", root),
                    "the source's name '" + name + "' is also its RAW schema, so it must be lower case letters,"
                            + " digits and _; set 'source:' to such a name");
        }
        String baseUrl = top.containsKey("base_url") ? reader.text(top.get("base_url"), "base_url", "the source") : "";
        Auth auth = top.containsKey("auth") ? auth(top.get("auth")) : Auth.none();
        Retry retry = top.containsKey("retry") ? retry(top.get("retry")) : Retry.DEFAULT;
        Map<String, String> headers =
                top.containsKey("headers") ? reader.textMap(top.get("headers"), "headers", "the source") : Map.of();
        Map<String, String> params =
                top.containsKey("params") ? reader.textMap(top.get("params"), "params", "the source") : Map.of();
        Pagination pagination =
                top.containsKey("pagination") ? pagination(top.get("pagination"), "the source") : Pagination.none();
        ListPath records = top.containsKey("records") ? path(top.get("records"), "records", "the source") : null;
        Map<String, ApiObject> objects = new LinkedHashMap<>();
        Node objectsNode = top.get("objects");
        if (objectsNode == null) {
            reader.problem(root, "the source has no objects; add 'objects:' mapping each object's name to its path");
        } else {
            Map<String, Object> plain = plainObjects(path);
            Map<String, Node> declared = reader.entries(objectsNode, null, "objects");
            declared.forEach((objectName, node) -> {
                ApiObject object =
                        object(objectName, node, headers, params, pagination, records, plain.get(objectName));
                if (object != null) {
                    if ((baseUrl == null || baseUrl.isEmpty()) && !object.path().contains(":")) {
                        reader.problem(
                                node,
                                "object " + objectName + " has the relative path '" + object.path()
                                        + "' but the source has no base_url; add base_url (such as"
                                        + " https://api.example.com/v1/) or give the whole URL as its path");
                    }
                    objects.put(objectName, object);
                }
            });
            if (declared.isEmpty()) {
                reader.problem(objectsNode, "the source has no objects; add one under 'objects:'");
            }
        }
        reader.finish();
        return new HttpSource(name, file, baseUrl, auth, retry, objects);
    }

    private ApiObject object(
            String name,
            Node node,
            Map<String, String> sourceHeaders,
            Map<String, String> sourceParams,
            Pagination sourcePagination,
            ListPath sourceRecords,
            Object plain) {
        String where = "object " + name;
        if (!NAME.matcher(name).matches()) {
            reader.problem(
                    node,
                    "the object name '" + name + "' is its RAW table's name, so it must be lower case letters,"
                            + " digits and _");
        }
        Map<String, Node> entries = reader.entries(node, OBJECT_KEYS, where);
        String path = entries.containsKey("path") ? reader.text(entries.get("path"), "path", where) : name;
        String method = entries.containsKey("method")
                ? reader.text(entries.get("method"), "method", where).toUpperCase(Locale.ROOT)
                : "GET";
        if (!method.equals("GET") && !method.equals("POST")) {
            reader.problem(entries.get("method"), "'method' of " + where + " must be GET or POST, not " + method);
        }
        Map<String, String> params = new LinkedHashMap<>(sourceParams);
        if (entries.containsKey("params")) {
            params.putAll(reader.textMap(entries.get("params"), "params", where));
        }
        Map<String, String> headers = new LinkedHashMap<>(sourceHeaders);
        if (entries.containsKey("headers")) {
            headers.putAll(reader.textMap(entries.get("headers"), "headers", where));
        }
        String body = null;
        if (entries.containsKey("body")) {
            body = body(entries.get("body"), plain, where);
        }
        ListPath records = entries.containsKey("records")
                ? path(entries.get("records"), "records", where)
                : sourceRecords != null ? sourceRecords : ListPath.root();
        Map<String, FieldType> fields = new LinkedHashMap<>();
        if (entries.containsKey("fields")) {
            reader.textMap(entries.get("fields"), "fields", where).forEach((field, type) -> {
                if (field.equalsIgnoreCase(RecordColumns.RECORD) || field.startsWith("_")) {
                    reader.problem(
                            entries.get("fields"),
                            "field " + field + " of " + where + " would clash with a column Weir writes"
                                    + " (record, _uploaded_at, _weir_run_id); leave it in the record column");
                }
                FieldType.parse(type)
                        .ifPresentOrElse(
                                parsed -> fields.put(field, parsed),
                                () -> reader.problem(
                                        entries.get("fields"),
                                        "field " + field + " of " + where + " has the type '" + type
                                                + "', which is not one of " + FieldType.names()));
            });
        }
        Pagination pagination =
                entries.containsKey("pagination") ? pagination(entries.get("pagination"), where) : sourcePagination;
        LoadMode mode = LoadMode.REPLACE;
        if (entries.containsKey("load")) {
            String load = reader.text(entries.get("load"), "load", where);
            if ("append".equals(load)) {
                mode = LoadMode.APPEND;
            } else if ("merge".equals(load)) {
                mode = LoadMode.MERGE;
            } else if (!"replace".equals(load)) {
                reader.problem(
                        entries.get("load"), "'load' of " + where + " must be replace, append or merge, not " + load);
            }
        }
        Checks checks = entries.containsKey("checks")
                ? checks(entries.get("checks"), where, fields)
                : new Checks(0, Checks.DEFAULT_MAX_ROW_CHANGE_PERCENT, List.of(), List.of());
        if (mode == LoadMode.MERGE && checks != null && checks.uniqueKey().isEmpty()) {
            reader.problem(
                    entries.get("load"),
                    "'load: merge' of " + where + " merges on the object's unique_key, which it has none of; add"
                            + " 'checks: {unique_key: [id]}' naming fields listed under 'fields'");
        }
        if (path == null || method == null || records == null || pagination == null || checks == null) {
            return null;
        }
        return new ApiObject(
                name,
                method,
                path,
                params,
                headers,
                body,
                records,
                new RecordColumns(fields),
                pagination,
                checks,
                mode,
                SpecReader.line(node));
    }

    private Auth auth(Node node) {
        Map<String, Node> entries = reader.entries(node, AUTH_KEYS, "auth");
        String type = entries.containsKey("type") ? reader.text(entries.get("type"), "type", "auth") : null;
        if (type == null) {
            reader.problem(node, "'auth' needs a type: bearer, basic or api_key");
            return Auth.none();
        }
        return switch (type) {
            case "bearer" -> new Auth(Auth.Kind.BEARER, null, List.of(secret(entries, "token", node)));
            case "basic" -> new Auth(
                    Auth.Kind.BASIC,
                    null,
                    List.of(secret(entries, "username", node), secret(entries, "password", node)));
            case "api_key" -> {
                String in = entries.containsKey("in") ? reader.text(entries.get("in"), "in", "auth") : "header";
                String name = entries.containsKey("name") ? reader.text(entries.get("name"), "name", "auth") : null;
                if (name == null) {
                    reader.problem(node, "an api_key auth needs 'name': the header or query parameter that carries it");
                }
                if (!"header".equals(in) && !"query".equals(in)) {
                    reader.problem(entries.get("in"), "'in' of auth must be header or query, not " + in);
                }
                yield new Auth(
                        "query".equals(in) ? Auth.Kind.API_KEY_QUERY : Auth.Kind.API_KEY_HEADER,
                        name,
                        List.of(secret(entries, "key", node)));
            }
            default -> {
                reader.problem(entries.get("type"), "auth type '" + type + "' is not one of bearer, basic, api_key");
                yield Auth.none();
            }
        };
    }

    private String secret(Map<String, Node> entries, String key, Node node) {
        if (!entries.containsKey(key)) {
            reader.problem(node, "auth needs '" + key + "': the name of the declared secret that holds it");
            return "";
        }
        String value = reader.text(entries.get(key), key, "auth");
        return value == null ? "" : value;
    }

    private Retry retry(Node node) {
        Map<String, Node> entries = reader.entries(node, RETRY_KEYS, "retry");
        Long attempts = entries.containsKey("attempts")
                ? reader.number(entries.get("attempts"), "attempts", "retry", 1)
                : Long.valueOf(Retry.DEFAULT.attempts());
        Double backoff = entries.containsKey("backoff_seconds")
                ? reader.decimal(entries.get("backoff_seconds"), "backoff_seconds", "retry")
                : Double.valueOf(Retry.DEFAULT.backoff().toMillis() / 1000.0);
        Double maxWait = entries.containsKey("max_wait_seconds")
                ? reader.decimal(entries.get("max_wait_seconds"), "max_wait_seconds", "retry")
                : Double.valueOf(Retry.DEFAULT.maxWait().toMillis() / 1000.0);
        if (attempts == null || backoff == null || maxWait == null) {
            return Retry.DEFAULT;
        }
        return new Retry(attempts.intValue(), Duration.ofMillis((long) (backoff * 1000)), Duration.ofMillis((long)
                (maxWait * 1000)));
    }

    private Pagination pagination(Node node, String where) {
        String in = "'pagination' of " + where;
        Map<String, Node> entries = reader.entries(node, PAGINATION_KEYS, in);
        String type = entries.containsKey("type") ? reader.text(entries.get("type"), "type", in) : null;
        if (type == null) {
            reader.problem(node, in + " needs a type: page, offset, cursor, link or none");
            return null;
        }
        String pageParam =
                entries.containsKey("page_param") ? reader.text(entries.get("page_param"), "page_param", in) : "page";
        String offsetParam = entries.containsKey("offset_param")
                ? reader.text(entries.get("offset_param"), "offset_param", in)
                : "offset";
        String sizeParam = entries.containsKey("size_param")
                ? reader.text(entries.get("size_param"), "size_param", in)
                : type.equals("offset") ? "limit" : "per_page";
        Long size = entries.containsKey("size") ? reader.number(entries.get("size"), "size", in, 1) : Long.valueOf(100);
        Long start = entries.containsKey("start")
                ? reader.number(entries.get("start"), "start", in, 0)
                : Long.valueOf(type.equals("offset") ? 0 : 1);
        ListPath cursorPath =
                entries.containsKey("cursor_path") ? path(entries.get("cursor_path"), "cursor_path", in) : null;
        String cursorParam = entries.containsKey("cursor_param")
                ? reader.text(entries.get("cursor_param"), "cursor_param", in)
                : "cursor";
        ListPath nextUrlPath =
                entries.containsKey("next_url_path") ? path(entries.get("next_url_path"), "next_url_path", in) : null;
        if (size == null || start == null) {
            return null;
        }
        Pagination.Kind kind;
        switch (type) {
            case "none" -> kind = Pagination.Kind.NONE;
            case "page" -> kind = Pagination.Kind.PAGE;
            case "offset" -> kind = Pagination.Kind.OFFSET;
            case "link" -> kind = Pagination.Kind.LINK;
            case "cursor" -> {
                kind = Pagination.Kind.CURSOR;
                if ((cursorPath == null) == (nextUrlPath == null)) {
                    reader.problem(
                            node,
                            in + " of type cursor needs either 'cursor_path' (where the next cursor is in the body)"
                                    + " or 'next_url_path' (where the next page's URL is)");
                }
            }
            default -> {
                reader.problem(
                        entries.get("type"), in + " has type '" + type + "'; use page, offset, cursor, link or none");
                return null;
            }
        }
        return new Pagination(
                kind, pageParam, offsetParam, sizeParam, size.intValue(), start, cursorPath, cursorParam, nextUrlPath);
    }

    private Checks checks(Node node, String where, Map<String, FieldType> fields) {
        String in = "'checks' of " + where;
        Map<String, Node> entries = reader.entries(node, CHECK_KEYS, in);
        Long minRows = entries.containsKey("min_rows")
                ? reader.number(entries.get("min_rows"), "min_rows", in, 0)
                : Long.valueOf(0);
        Double change = entries.containsKey("max_row_change_percent")
                ? reader.decimal(entries.get("max_row_change_percent"), "max_row_change_percent", in)
                : Double.valueOf(Checks.DEFAULT_MAX_ROW_CHANGE_PERCENT);
        List<String> required = entries.containsKey("required_fields")
                ? reader.texts(entries.get("required_fields"), "required_fields", in)
                : List.of();
        List<String> unique = entries.containsKey("unique_key")
                ? reader.texts(entries.get("unique_key"), "unique_key", in)
                : List.of();
        List<String> unknown = new ArrayList<>();
        for (String key : unique) {
            if (!fields.containsKey(key)) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            reader.problem(
                    entries.get("unique_key"),
                    "'unique_key' of " + where + " names " + String.join(", ", unknown) + ", which 'fields' does not"
                            + " list; list it under 'fields' with its type so it gets a column to check");
        }
        if (minRows == null || change == null) {
            return null;
        }
        return new Checks(minRows, change, required, unique);
    }

    private ListPath path(Node node, String key, String where) {
        String text = reader.text(node, key, where);
        if (text == null) {
            return null;
        }
        try {
            return ListPath.parse(text);
        } catch (IllegalArgumentException e) {
            reader.problem(node, "'" + key + "' of " + where + ": " + e.getMessage());
            return null;
        }
    }

    private String body(Node node, Object plain, String where) {
        Object value = plain instanceof Map<?, ?> map ? map.get("body") : null;
        if (value instanceof String text) {
            return text;
        }
        try {
            return JsonMapper.builder().build().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            reader.problem(node, "'body' of " + where + " cannot be written as JSON: " + e.getOriginalMessage());
            return null;
        }
    }

    /** The objects as plain values, for a POST body written as YAML. */
    private static Map<String, Object> plainObjects(Path path) {
        try {
            Object loaded =
                    new Yaml(new SafeConstructor(new LoaderOptions())).load(java.nio.file.Files.readString(path));
            if (loaded instanceof Map<?, ?> map && map.get("objects") instanceof Map<?, ?> objects) {
                Map<String, Object> plain = new LinkedHashMap<>();
                objects.forEach((key, value) -> plain.put(String.valueOf(key), value));
                return plain;
            }
        } catch (java.io.IOException | RuntimeException e) {
            // The composed document already reported what is wrong with the file.
        }
        return Map.of();
    }
}
