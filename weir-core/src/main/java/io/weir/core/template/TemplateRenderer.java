package io.weir.core.template;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.objects.date.PyishDate;
import io.weir.core.ErrorCode;
import io.weir.core.WeirException;
import io.weir.core.time.Dates;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders Jinja templates in task parameters with Airflow's context names. Strings are rendered wherever they sit in
 * maps and lists; text without template markers is returned as is. Undefined names fail the render, as Airflow's
 * default strict undefined does. Thread-safe.
 */
public final class TemplateRenderer {
    private static final String UNKNOWN_TOKEN = "Unknown token found: ";
    private static final DateTimeFormatter NODASH = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss");
    private static final DateTimeFormatter NODASH_WITH_ZONE = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmssxx");

    /**
     * Renders every template in {@code value} (a string, or maps and lists holding strings); other values are
     * returned unchanged.
     *
     * @param where names what is rendered in errors, such as {@code DAG demo, task load}; keys inside a map are added
     * @throws WeirException with {@link ErrorCode#TEMPLATE_ERROR} naming {@code where} and the problem
     */
    public Object render(Object value, TemplateContext context, String where) {
        return render(value, new Render(context), where, "");
    }

    private Object render(Object value, Render render, String where, String path) {
        if (value instanceof String text) {
            return isTemplate(text) ? render.string(text, path.isEmpty() ? where : where + ", key " + path) : text;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> rendered = new LinkedHashMap<>();
            map.forEach((key, item) ->
                    rendered.put(key, render(item, render, where, path.isEmpty() ? "" + key : path + "." + key)));
            return Collections.unmodifiableMap(rendered);
        }
        if (value instanceof List<?> list) {
            List<Object> rendered = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                rendered.add(render(list.get(i), render, where, path + "[" + i + "]"));
            }
            return Collections.unmodifiableList(rendered);
        }
        return value;
    }

    private static boolean isTemplate(String text) {
        return text.contains("{{") || text.contains("{%") || text.contains("{#");
    }

    /** The bindings of one render call, built on the first template met. */
    /**
     * One Jinjava for the process (building it is costly and rendering with it is thread-safe), built on first use:
     * it loads several hundred classes, which a command that renders nothing (most CLI reads) should not pay for.
     */
    private static final class Engine {
        static final Jinjava JINJAVA = new Jinjava(
                JinjavaConfig.newBuilder().withFailOnUnknownTokens(true).build());
    }

    private static final class Render {
        private final TemplateContext context;
        private Map<String, Object> bindings;
        private VariableValues values;
        private VariableValues json;

        Render(TemplateContext context) {
            this.context = context;
        }

        String string(String template, String where) {
            if (bindings == null) {
                bindings = bindings();
            }
            RenderResult result;
            try {
                result = Engine.JINJAVA.renderForResult(template, bindings);
            } catch (RuntimeException e) {
                throw new WeirException(
                        ErrorCode.TEMPLATE_ERROR, "Template error in " + where + ": " + e.getMessage(), e);
            }
            for (TemplateError error : result.getErrors()) {
                if (error.getSeverity() == TemplateError.ErrorType.FATAL
                        || error.getReason() == TemplateError.ErrorReason.SYNTAX_ERROR) {
                    String line = template.contains("\n") ? " (template line " + error.getLineno() + ")" : "";
                    throw new WeirException(
                            ErrorCode.TEMPLATE_ERROR, "Template error in " + where + ": " + explain(error) + line);
                }
            }
            return result.getOutput();
        }

        private String explain(TemplateError error) {
            String message = error.getMessage() == null ? "invalid template" : error.getMessage();
            int unknown = message.indexOf(UNKNOWN_TOKEN);
            if (unknown < 0) {
                return message;
            }
            String token = message.substring(unknown + UNKNOWN_TOKEN.length()).trim();
            for (VariableValues variables : List.of(values, json)) {
                String prefix = variables == values ? "var.value." : "var.json.";
                String name = token.startsWith(prefix)
                        ? token.substring(prefix.length()).split("[.\\[ ]", 2)[0]
                        : "";
                if (variables.wasMissing(name)) {
                    return "variable '" + name + "' is not set; set it with: weir variables set " + name + " VALUE";
                }
                if (variables.wasNotJson(name)) {
                    return "variable '" + name + "' is not valid JSON; fix its value or read it with var.value";
                }
            }
            return "'" + token + "' is undefined; check the name (ds, ts, data_interval_start, params, var.value.NAME,"
                    + " ...) or give a default with | default('...')";
        }

        private Map<String, Object> bindings() {
            Instant logicalDate = context.logicalDate();
            String ds = logicalDate.atOffset(ZoneOffset.UTC).toLocalDate().toString();
            values = new VariableValues(context.variables(), false);
            json = new VariableValues(context.variables(), true);
            Map<String, Object> dagRun = new HashMap<>();
            dagRun.put("dag_id", context.dagId());
            dagRun.put("run_id", context.runId());
            dagRun.put("conf", context.conf());
            dagRun.put("logical_date", date(logicalDate));
            dagRun.put("execution_date", date(logicalDate));
            dagRun.put("data_interval_start", date(context.dataInterval().start()));
            dagRun.put("data_interval_end", date(context.dataInterval().end()));

            Map<String, Object> bindings = new HashMap<>();
            bindings.put("ds", ds);
            bindings.put("ds_nodash", ds.replace("-", ""));
            bindings.put("ts", Dates.iso(logicalDate));
            bindings.put("ts_nodash", NODASH.format(logicalDate.atOffset(ZoneOffset.UTC)));
            bindings.put("ts_nodash_with_tz", NODASH_WITH_ZONE.format(logicalDate.atOffset(ZoneOffset.UTC)));
            bindings.put("logical_date", date(logicalDate));
            bindings.put("execution_date", date(logicalDate));
            bindings.put("data_interval_start", date(context.dataInterval().start()));
            bindings.put("data_interval_end", date(context.dataInterval().end()));
            Instant previousEnd = context.prevDataIntervalEndSuccess();
            // an empty string renders as Airflow's None does in a shell command and is false in a condition
            bindings.put("prev_data_interval_end_success", previousEnd == null ? "" : date(previousEnd));
            bindings.put("run_id", context.runId());
            bindings.put("dag_run", dagRun);
            bindings.put("params", context.params());
            bindings.put("var", Map.of("value", values, "json", json));
            bindings.put(
                    "ti",
                    Map.of(
                            "try_number", context.tryNumber(),
                            "task_id", context.taskId(),
                            "dag_id", context.dagId(),
                            "run_id", context.runId()));
            bindings.put("task", Map.of("task_id", context.taskId()));
            bindings.put("dag", Map.of("dag_id", context.dagId()));
            bindings.put("macros", Macros.INSTANCE);
            return bindings;
        }

        /** A date that renders as Airflow prints one ({@code 2024-01-01T00:00:00+00:00}) and offers strftime. */
        private static PyishDate date(Instant instant) {
            String pattern = instant.getNano() == 0 ? "yyyy-MM-dd'T'HH:mm:ssxxx" : "yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx";
            return new PyishDate(instant.atZone(ZoneOffset.UTC)).withDateFormat(pattern);
        }
    }
}
