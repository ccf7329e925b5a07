package io.weir.extract.database;

import io.weir.core.project.ProjectSettings;
import io.weir.core.task.ExpansionException;
import io.weir.core.task.FileProblem;
import io.weir.core.task.GeneratedTask;
import io.weir.core.task.ProjectFiles;
import io.weir.core.task.TaskContext;
import io.weir.core.task.TaskFailure;
import io.weir.core.task.TaskResult;
import io.weir.core.task.TaskType;
import io.weir.extract.ExtractException;
import io.weir.extract.spec.SpecException;
import io.weir.extract.spec.TaskParams;
import io.weir.warehouse.Flavor;
import io.weir.warehouse.Warehouse;
import io.weir.warehouse.WarehouseSettings;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code extract.database}: runs a manifest's tables (all, or those of {@code tables}) from the source database into
 * {@code raw.<target_schema>.<import_db>_<export_table>}, with the LOAD warehouse credentials. The XCom is
 * {@code {table, record_count, load_type}} for one table, a list of them for several. With {@code task_per_table}
 * the entry becomes one task per table, so each retries alone.
 */
public final class ExtractDatabaseTaskType implements TaskType {
    static final Set<String> KEYS = Set.of(
            "manifest",
            "tables",
            "task_per_table",
            "target_schema",
            "load_type",
            "env",
            "source_retries",
            "sync_range");
    private static final Duration WAREHOUSE_PATIENCE = Duration.ofMinutes(1);
    private static final Duration RETRY_DELAY = Duration.ofSeconds(2);

    @Override
    public String name() {
        return "extract.database";
    }

    @Override
    public Set<String> parameterKeys() {
        return KEYS;
    }

    @Override
    public List<String> validate(Map<String, Object> params) {
        List<String> problems = new ArrayList<>();
        TaskParams.requiredPath(params, "manifest", "manifest", "extract/license_db_manifest.yaml", problems);
        TaskParams.nameOrList(
                params, "tables", "'tables' must be a table name or a list of the manifest's table names", problems);
        if (params.get("load_type") instanceof String loadType
                && !loadType.contains("{{")
                && LoadKind.parse(loadType).isEmpty()) {
            problems.add("'load_type' must be one of " + LoadKind.names() + ", not '" + loadType + "'");
        }
        Object env = params.get("env");
        if (env != null && !(env instanceof Map<?, ?>)) {
            problems.add("'env' must map variable names to values");
        }
        Object retries = params.get("source_retries");
        if (retries != null && !(retries instanceof Integer count && count >= 0)) {
            problems.add("'source_retries' must be a whole number of at least 0, not '" + retries + "'");
        }
        Object perTable = params.get("task_per_table");
        if (perTable != null && !(perTable instanceof Boolean)) {
            problems.add("'task_per_table' must be true or false, not '" + perTable + "'");
        } else if (Boolean.TRUE.equals(perTable)
                && params.get("manifest") instanceof String manifest
                && manifest.contains("{{")) {
            problems.add("'task_per_table' reads the manifest when the DAG file is read, so 'manifest' must be a"
                    + " path without templates, not '" + manifest + "'");
        }
        TaskParams.wholeNumber(params, "sync_range", 1, problems);
        return problems;
    }

    @Override
    public List<FileProblem> validateFiles(Map<String, Object> params, Path projectDir) {
        if (!(params.get("manifest") instanceof String name) || name.isBlank() || name.contains("{{")) {
            return List.of();
        }
        try {
            Manifest manifest = ManifestReader.read(projectDir.resolve(name), name);
            List<FileProblem> problems = new ArrayList<>();
            for (String table : tables(params.get("tables"))) {
                if (!table.contains("{{") && !manifest.tables().containsKey(table)) {
                    problems.add(FileProblem.ofTask(
                            "'tables' names " + table + ", which the manifest " + name + " does not have; it has "
                                    + String.join(", ", manifest.tables().keySet())));
                }
            }
            return problems;
        } catch (SpecException e) {
            return inManifest(name, e);
        } catch (ExtractException e) {
            return List.of(new FileProblem(name, 1, e.getMessage()));
        }
    }

    private static List<FileProblem> inManifest(String name, SpecException e) {
        return e.problems().stream()
                .map(problem -> new FileProblem(name, problem.line(), problem.message()))
                .toList();
    }

    /** With {@code task_per_table: true}, one task per table of the manifest (or of {@code tables}). */
    @Override
    public List<GeneratedTask> expand(Map<String, Object> params, ProjectFiles files) {
        if (!Boolean.TRUE.equals(params.get("task_per_table"))) {
            return List.of();
        }
        String name = String.valueOf(params.get("manifest"));
        Manifest manifest;
        try {
            manifest = ManifestReader.read(files.read(name), Path.of(name), name);
        } catch (NoSuchFileException e) {
            throw new ExpansionException(List.of(FileProblem.ofTask(ManifestReader.missing(name))));
        } catch (IOException e) {
            throw new ExpansionException(
                    List.of(FileProblem.ofTask("Cannot read the manifest " + name + ": " + e.getMessage())));
        } catch (SpecException e) {
            throw new ExpansionException(inManifest(name, e));
        }
        List<String> chosen = tables(params.get("tables"));
        List<String> unknown = chosen.stream()
                .filter(table -> !manifest.tables().containsKey(table))
                .toList();
        if (!unknown.isEmpty()) {
            throw new ExpansionException(List.of(FileProblem.ofTask("'tables' names " + String.join(", ", unknown)
                    + ", which the manifest " + name + " does not have; it has "
                    + String.join(", ", manifest.tables().keySet()))));
        }
        List<GeneratedTask> tasks = new ArrayList<>();
        for (String table : manifest.tables().keySet()) {
            if (chosen.isEmpty() || chosen.contains(table)) {
                Map<String, Object> own = new HashMap<>(params);
                own.remove("task_per_table");
                own.put("tables", table);
                tasks.add(new GeneratedTask(table, own));
            }
        }
        return tasks;
    }

    @Override
    public TaskResult execute(TaskContext context) {
        Map<String, Object> params = context.params();
        // Only declared secrets and the task's env reach the manifest, so it cannot read undeclared secrets.
        Map<String, String> variables = new HashMap<>(context.environment());
        if (params.get("env") instanceof Map<?, ?> env) {
            env.forEach((name, value) -> variables.put(String.valueOf(name), String.valueOf(value)));
        }
        String manifestName = String.valueOf(params.get("manifest"));
        DatabaseExtract extract;
        WarehouseSettings settings;
        try {
            Manifest manifest = ManifestReader.read(context.projectDir().resolve(manifestName), manifestName);
            extract = new DatabaseExtract(new DatabaseExtract.Options(
                    manifest,
                    manifestName,
                    context.projectDir(),
                    tables(params.get("tables")),
                    context.dataInterval(),
                    params.get("load_type") == null
                            ? null
                            : LoadKind.parse(String.valueOf(params.get("load_type")))
                                    .orElseThrow(() ->
                                            new ExtractException("'load_type' must be one of " + LoadKind.names())),
                    params.get("target_schema") == null
                            ? DatabaseExtract.DEFAULT_SCHEMA
                            : String.valueOf(params.get("target_schema")),
                    variables,
                    context.runId(),
                    taskInstance(context),
                    params.get("source_retries") instanceof Integer count ? count : 2,
                    RETRY_DELAY,
                    params.get("sync_range") instanceof Number range
                            ? range.longValue()
                            : DatabaseExtract.DEFAULT_SYNC_RANGE));
            settings =
                    WarehouseSettings.of(context.projectDir(), ProjectSettings.load(context.projectDir()), variables);
        } catch (ExtractException e) {
            throw new TaskFailure(e.getMessage(), false, e);
        }
        List<Map<String, Object>> results = new ArrayList<>();
        try (Warehouse warehouse =
                Warehouse.open(settings.target(Flavor.LOAD), WAREHOUSE_PATIENCE, context.log()::info)) {
            List<TablePlan> plans;
            try {
                plans = extract.plan(DatabaseExtract.rawDatabase(warehouse));
            } catch (ExtractException e) {
                throw new TaskFailure(e.getMessage(), false, e);
            }
            for (TablePlan plan : plans) {
                context.log()
                        .info("Extracting table " + plan.table().name() + " ("
                                + plan.loadType().displayName() + ") into " + plan.target());
                TableResult result = extract.run(
                        plan,
                        warehouse,
                        context.log()::info,
                        rows -> context.log().info(String.format("  %,d rows so far", rows)),
                        context::isCancelled);
                context.log().info(result.summary());
                results.add(result.xcom());
            }
        }
        Object xcom = results.size() == 1 ? results.get(0) : results;
        return TaskResult.success(xcom);
    }

    /** Airflow's task_instance_key_str, {@code <dag>__<task>__<logical date as yyyyMMdd>}, which the team's rows carry. */
    private static String taskInstance(TaskContext context) {
        String day = context.logicalDate()
                .atOffset(ZoneOffset.UTC)
                .toLocalDate()
                .toString()
                .replace("-", "");
        return context.dagId() + "__" + context.taskId() + "__" + day;
    }

    private static List<String> tables(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return List.of(String.valueOf(value));
    }
}
