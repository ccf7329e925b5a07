package io.weir.extract.yaml;

import io.weir.core.WeirException;
import io.weir.core.task.TaskContext;
import io.weir.core.task.TaskFailure;
import io.weir.core.task.TaskResult;
import io.weir.core.task.TaskType;
import io.weir.extract.ExtractException;
import io.weir.extract.http.Auth;
import io.weir.extract.json.FieldType;
import io.weir.extract.json.ListPath;
import io.weir.extract.json.RecordColumns;
import io.weir.extract.spec.TaskParams;
import io.weir.warehouse.Flavor;
import io.weir.warehouse.Warehouse;
import io.weir.warehouse.WarehouseException;
import io.weir.warehouse.WarehouseSettings;
import io.weir.warehouse.load.LoadResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code extract.yaml}: lands lists of a YAML {@code file} (relative to the project) or {@code url}, each of
 * {@code tables} ({@code name: {path: .team[], fields: {slug: text}}}) into {@code raw.<target_schema>.<name>}, one
 * row per item. The XCom is {@code {table, record_count}} for one table, a list of them for several.
 */
public final class ExtractYamlTaskType implements TaskType {
    static final Set<String> KEYS = Set.of("file", "url", "auth", "tables", "target_schema");
    private static final Set<String> TABLE_KEYS = Set.of("path", "fields");
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]*");
    private static final Duration WAREHOUSE_PATIENCE = Duration.ofMinutes(1);

    @Override
    public String name() {
        return "extract.yaml";
    }

    @Override
    public Set<String> parameterKeys() {
        return KEYS;
    }

    @Override
    public List<String> validate(Map<String, Object> params) {
        List<String> problems = new ArrayList<>();
        boolean file = params.get("file") instanceof String;
        boolean url = params.get("url") instanceof String;
        if (file == url) {
            problems.add("give the document as either 'file' (a path relative to the project) or 'url' (http or"
                    + " https), not " + (file ? "both" : "neither"));
        }
        if (params.get("auth") != null) {
            Auth.of(params.get("auth"), "auth", problems);
            if (!url) {
                problems.add("'auth' authenticates the request for a 'url'; a 'file' needs none");
            }
        }
        tables(params.get("tables"), problems);
        TaskParams.optionalText(params, "target_schema", "'target_schema' must be a schema name", problems);
        return problems;
    }

    /** The tables of {@code value}; each mistake is added to {@code problems}. */
    public static List<YamlTable> tables(Object value, List<String> problems) {
        List<YamlTable> tables = new ArrayList<>();
        if (!(value instanceof Map<?, ?> map) || map.isEmpty()) {
            problems.add("'tables' is required: map each table's name to the path of its list, such as"
                    + " 'tables: {team_members: {path: .team[], fields: {slug: text, start_date: date}}}'");
            return tables;
        }
        map.forEach((key, settings) -> {
            String name = String.valueOf(key);
            if (!NAME.matcher(name).matches()) {
                problems.add("table name '" + name + "' must be lower case letters, digits and _");
            }
            Map<?, ?> table = settings instanceof Map<?, ?> given ? given : Map.of();
            if (settings != null && !(settings instanceof Map<?, ?>)) {
                problems.add("table " + name + " must map 'path' (and 'fields') to values");
            }
            for (Object tableKey : table.keySet()) {
                if (!TABLE_KEYS.contains(String.valueOf(tableKey))) {
                    problems.add("table " + name + " has the unknown key '" + tableKey + "'; it takes path and fields");
                }
            }
            ListPath path = ListPath.root();
            if (table.get("path") != null) {
                try {
                    path = ListPath.parse(String.valueOf(table.get("path")));
                } catch (IllegalArgumentException e) {
                    problems.add("table " + name + ": " + e.getMessage());
                }
            }
            Map<String, FieldType> fields = new LinkedHashMap<>();
            if (table.get("fields") instanceof Map<?, ?> given) {
                given.forEach((field, type) -> FieldType.parse(String.valueOf(type))
                        .ifPresentOrElse(
                                parsed -> fields.put(String.valueOf(field), parsed),
                                () -> problems.add("field " + field + " of table " + name + " has the type '" + type
                                        + "', which is not one of " + FieldType.names())));
            } else if (table.get("fields") != null) {
                problems.add("'fields' of table " + name + " must map field names to types");
            }
            for (String field : fields.keySet()) {
                if (field.toLowerCase(Locale.ROOT).equals(RecordColumns.RECORD) || field.startsWith("_")) {
                    problems.add("field " + field + " of table " + name + " would clash with a column Weir writes"
                            + " (record, _uploaded_at, _weir_run_id); leave it in the record column");
                }
            }
            tables.add(new YamlTable(name, path, new RecordColumns(fields)));
        });
        return tables;
    }

    @Override
    public TaskResult execute(TaskContext context) {
        Map<String, Object> params = context.params();
        List<String> problems = new ArrayList<>();
        List<YamlTable> tables = tables(params.get("tables"), problems);
        if (!problems.isEmpty()) {
            throw new TaskFailure(String.join("; ", problems), false);
        }
        String location = params.get("url") instanceof String url ? url : String.valueOf(params.get("file"));
        Auth auth = Auth.of(params.get("auth"), "auth", problems);
        if (!problems.isEmpty()) {
            throw new TaskFailure(String.join("; ", problems), false);
        }
        YamlExtract extract;
        try {
            extract = new YamlExtract(new YamlExtract.Options(
                    location,
                    context.projectDir(),
                    tables,
                    TaskParams.text(params, "target_schema", YamlExtract.DEFAULT_SCHEMA),
                    context.runId(),
                    auth,
                    context.environment()));
        } catch (ExtractException e) {
            throw new TaskFailure(e.getMessage(), false, e);
        }
        WarehouseSettings settings;
        try {
            settings = TaskParams.warehouse(context);
        } catch (WeirException e) {
            throw new TaskFailure(e.getMessage(), false, e);
        }
        List<Map<String, Object>> results = new ArrayList<>();
        try (Warehouse warehouse =
                Warehouse.open(settings.target(Flavor.LOAD), WAREHOUSE_PATIENCE, context.log()::info)) {
            for (YamlTable table : tables) {
                String target = extract.target(table, warehouse).toString();
                LoadResult result;
                try {
                    result = extract.run(
                            table, warehouse, rows -> context.log().info(String.format("  %,d rows so far", rows)));
                } catch (ExtractException | WarehouseException e) {
                    throw new TaskFailure(e.getMessage() + "; " + target + " is unchanged", false, e);
                }
                context.log().info(summary(table, result));
                Map<String, Object> xcom = new LinkedHashMap<>();
                xcom.put("table", target);
                xcom.put("record_count", result.rows());
                results.add(xcom);
            }
        }
        return TaskResult.success(results.size() == 1 ? results.get(0) : results);
    }

    /** The log line of a table: rows and rows/s. */
    public static String summary(YamlTable table, LoadResult result) {
        return String.format(
                Locale.ROOT,
                "Table %s: %,d rows into %s in %.1f s, %,.0f rows/s%s",
                table.name(),
                result.rows(),
                result.target(),
                result.elapsed().toMillis() / 1000.0,
                result.rowsPerSecond(),
                result.schemaChanges().isEmpty() ? "" : "; " + String.join(", ", result.schemaChanges()));
    }
}
