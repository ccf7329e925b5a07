package io.weir.transform.jinja;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.fn.MacroFunction;
import io.weir.transform.TransformException;
import io.weir.warehouse.WarehouseException;
import io.weir.warehouse.WarehouseSession;
import java.util.LinkedHashMap;
import java.util.List;
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
                new JavaMacro("tojson", List.of("value"), (render, arguments) -> toJson(arguments.get("value"))),
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

    private static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new TransformException("tojson() cannot write " + value + ": " + e.getOriginalMessage(), e);
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
