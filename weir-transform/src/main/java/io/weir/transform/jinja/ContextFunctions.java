package io.weir.transform.jinja;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;
import com.hubspot.jinjava.lib.fn.MacroFunction;
import io.weir.transform.TransformException;
import io.weir.warehouse.WarehouseException;
import io.weir.warehouse.WarehouseSession;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The functions every dbt template can call: {@code ref}, {@code source}, {@code config}, {@code var}, ... */
final class ContextFunctions {
    private static final Logger LOG = LoggerFactory.getLogger("io.weir.transform.jinja.log");
    private static final ObjectMapper JSON = new ObjectMapper();

    private ContextFunctions() {}

    static List<JavaMacro> all(JinjaGlobals globals) {
        return List.of(
                new JavaMacro("ref", List.of("first", "second"), ContextFunctions::ref),
                new JavaMacro("source", List.of("source_name", "table_name"), ContextFunctions::source),
                new JavaMacro("config", List.of(), (render, arguments) -> {
                    render.scope().config(arguments.keywords());
                    return "";
                }),
                new JavaMacro(
                        "var", List.of("name", "default"), (render, arguments) -> var(globals, render, arguments)),
                new JavaMacro("env_var", List.of("name", "default"), (render, arguments) -> envVar(globals, arguments)),
                new JavaMacro("return", List.of("value"), (render, arguments) -> {
                    render.returnValue(arguments.get("value"));
                    return "";
                }),
                new JavaMacro("log", List.of("msg", "info"), (render, arguments) -> {
                    if (arguments.bool("info", false)) {
                        render.scope().log(arguments.string("msg"));
                    } else {
                        LOG.debug("{}", arguments.string("msg"));
                    }
                    return "";
                }),
                new JavaMacro("is_incremental", List.of(), (render, arguments) -> render.scope()
                        .isIncremental()),
                new JavaMacro("should_full_refresh", List.of(), (render, arguments) -> render.scope()
                        .shouldFullRefresh()),
                new JavaMacro("run_query", List.of("sql"), (render, arguments) -> runQuery(render, arguments)),
                new JavaMacro(
                        "statement",
                        List.of("name", "fetch_result", "auto_begin", "language"),
                        ContextFunctions::statement),
                new JavaMacro(
                        "load_result",
                        List.of("name"),
                        (render, arguments) -> render.statement(arguments.requiredString("load_result", "name"))),
                new JavaMacro(
                        "tojson",
                        List.of("value", "default", "sort_keys"),
                        (render, arguments) -> toJson(arguments.get("value"), arguments.bool("sort_keys", false))),
                new JavaMacro("zip", List.of(), (render, arguments) -> zip(arguments.extra())),
                new JavaMacro("set", List.of("value", "default"), (render, arguments) -> set(arguments)),
                new JavaMacro("should_store_failures", List.of(), (render, arguments) -> shouldStoreFailures(render)),
                new JavaMacro(
                        "adapter_macro",
                        List.of("name"),
                        (render, arguments) -> Namespaces.adapterMacro(
                                render,
                                globals.target(),
                                arguments.requiredString("adapter_macro", "name"),
                                arguments.extra(),
                                arguments.keywords())),
                new JavaMacro(
                        "fromjson", List.of("string"), (render, arguments) -> fromJson(arguments.string("string"))));
    }

    private static Object ref(Render render, Arguments arguments) {
        String first = arguments.requiredString("ref", "first");
        String second = arguments.string("second");
        return second == null ? render.scope().ref(null, first) : render.scope().ref(first, second);
    }

    private static Object source(Render render, Arguments arguments) {
        return render.scope()
                .source(
                        arguments.requiredString("source", "source_name"),
                        arguments.requiredString("source", "table_name"));
    }

    private static Object var(JinjaGlobals globals, Render render, Arguments arguments) {
        String name = arguments.requiredString("var", "name");
        Map<String, Object> vars = globals.vars(render.scope().packageName());
        if (vars.containsKey(name)) {
            return vars.get(name);
        }
        if (arguments.named().get("default") != null || arguments.keywords().containsKey("default")) {
            return arguments.get("default");
        }
        throw new TransformException("var('" + name + "') is not defined; set it under vars: in dbt_project.yml,"
                + " pass it with --vars, or give a default: var('" + name + "', ...)");
    }

    private static Object envVar(JinjaGlobals globals, Arguments arguments) {
        String name = arguments.requiredString("env_var", "name");
        String value = globals.env().get(name);
        if (value != null) {
            return value;
        }
        Object otherwise = arguments.get("default");
        if (otherwise != null) {
            return otherwise;
        }
        throw new TransformException("env_var('" + name + "') is not set; set the environment variable " + name
                + " or give a default: env_var('" + name + "', '...')");
    }

    private static AgateTable runQuery(Render render, Arguments arguments) {
        WarehouseSession session = render.scope().session();
        if (session == null || !render.scope().execute()) {
            return AgateTable.empty();
        }
        String sql = arguments.requiredString("run_query", "sql");
        try {
            return new AgateTable(session.query(sql));
        } catch (WarehouseException e) {
            throw new TransformException("run_query failed: " + e.getMessage() + "\n  query: " + sql.strip(), e);
        }
    }

    private static Object statement(Render render, Arguments arguments) {
        MacroFunction body = JinjavaInterpreter.getCurrent().getContext().getGlobalMacro("caller");
        if (body == null) {
            throw new TransformException("statement() is used as {% call statement('name') %}...{% endcall %}");
        }
        String sql = String.valueOf(body.evaluate()).strip();
        String name = arguments.string("name");
        boolean fetch = arguments.bool("fetch_result", false);
        WarehouseSession session = render.scope().session();
        AgateTable table = AgateTable.empty();
        String response = "";
        if (session != null && render.scope().execute()) {
            try {
                if (fetch) {
                    table = new AgateTable(session.query(sql));
                    response = "SELECT " + table.getRows().size();
                } else {
                    long rows = session.execute(sql);
                    response = rows < 0 ? "OK" : String.valueOf(rows);
                }
            } catch (WarehouseException e) {
                throw new TransformException(
                        "statement '" + name + "' failed: " + e.getMessage() + "\n  query: " + sql, e);
            }
        }
        if (name != null) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("response", response);
            result.put("data", table.data());
            result.put("table", table);
            render.storeStatement(name, result);
        }
        return "";
    }

    /** Python's {@code zip}: tuples of the items at the same place, as long as the shortest argument. */
    private static List<List<Object>> zip(List<Object> iterables) {
        List<List<?>> lists = new ArrayList<>();
        for (Object iterable : iterables) {
            if (iterable instanceof Collection<?> collection) {
                lists.add(new ArrayList<>(collection));
            } else if (iterable instanceof String text) {
                lists.add(text.chars().mapToObj(c -> String.valueOf((char) c)).toList());
            } else {
                throw new TransformException("zip() takes lists, not " + iterable);
            }
        }
        int length = lists.stream().mapToInt(List::size).min().orElse(0);
        List<List<Object>> zipped = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            List<Object> tuple = new ArrayList<>(lists.size());
            for (List<?> list : lists) {
                tuple.add(list.get(i));
            }
            zipped.add(tuple);
        }
        return zipped;
    }

    /** dbt's {@code set(value, default=None)}: Python's set of the items, or the default when they are no list. */
    private static Object set(Arguments arguments) {
        Object value = arguments.get("value");
        if (value instanceof Collection<?> items) {
            return new LinkedHashSet<>(items);
        }
        if (value instanceof String text) {
            return new LinkedHashSet<>(
                    text.chars().mapToObj(c -> String.valueOf((char) c)).toList());
        }
        return arguments.get("default");
    }

    /** Whether a test keeps its failing rows: its {@code store_failures} config, else {@code --store-failures}. */
    private static boolean shouldStoreFailures(Render render) {
        Object configured = render.scope().currentConfig().get("store_failures");
        if (configured == null) {
            return false;
        }
        return configured instanceof Boolean flag ? flag : Boolean.parseBoolean(configured.toString());
    }

    /** The {@code tojson} filter, written as the function writes it. */
    static final class ToJsonFilter implements Filter {
        @Override
        public String getName() {
            return "tojson";
        }

        @Override
        public Object filter(Object value, JinjavaInterpreter interpreter, String... arguments) {
            return toJson(value, false);
        }
    }

    /** As Python's {@code json.dumps}: {@code ", "} and {@code ": "} between items, non-ASCII escaped. */
    private static String toJson(Object value, boolean sortKeys) {
        try {
            ObjectWriter writer = JSON.writer(new PythonJsonSeparators()).with(JsonWriteFeature.ESCAPE_NON_ASCII);
            String json = (sortKeys ? writer.with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS) : writer)
                    .writeValueAsString(value);
            return json.indexOf("\\u") < 0 ? json : lowerCaseEscapes(json);
        } catch (JsonProcessingException e) {
            throw new TransformException("tojson() cannot write " + value + ": " + e.getOriginalMessage(), e);
        }
    }

    /** Python writes {@code \\u00e9} where Jackson writes {@code \\u00E9}. */
    private static String lowerCaseEscapes(String json) {
        StringBuilder out = new StringBuilder(json.length());
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            out.append(c);
            if (c == '\\' && i + 1 < json.length()) {
                char next = json.charAt(++i);
                out.append(next);
                if (next == 'u' && i + 4 < json.length()) {
                    out.append(json.substring(i + 1, i + 5).toLowerCase(Locale.ROOT));
                    i += 4;
                }
            }
        }
        return out.toString();
    }

    /** The separators of Python's {@code json.dumps}, on one line. */
    private static final class PythonJsonSeparators extends MinimalPrettyPrinter {
        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator generator) throws IOException {
            generator.writeRaw(": ");
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator generator) throws IOException {
            generator.writeRaw(", ");
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator generator) throws IOException {
            generator.writeRaw(", ");
        }
    }

    private static Object fromJson(String text) {
        try {
            return JSON.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw new TransformException("fromjson() cannot read " + text + ": " + e.getOriginalMessage(), e);
        }
    }
}
