package io.weir.extract.http;

import io.weir.core.WeirException;
import io.weir.core.task.FileProblem;
import io.weir.core.task.TaskContext;
import io.weir.core.task.TaskFailure;
import io.weir.core.task.TaskResult;
import io.weir.core.task.TaskType;
import io.weir.extract.ExtractException;
import io.weir.extract.spec.SpecException;
import io.weir.extract.spec.TaskParams;
import io.weir.warehouse.Flavor;
import io.weir.warehouse.Warehouse;
import io.weir.warehouse.WarehouseException;
import io.weir.warehouse.WarehouseSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code extract.http}: extracts the objects of an HTTP source description ({@code source}, all objects or those of
 * {@code objects}) into {@code raw.<source>.<object>} with the LOAD warehouse credentials. Each object's integrity
 * checks must pass before its table is replaced, unless the variable {@code <TASK_ID>_SKIP_TEST} lists it. The XCom
 * is {@code {object, table, record_count}} for one object, a list of them for several.
 */
public final class ExtractHttpTaskType implements TaskType {
    static final Set<String> KEYS = Set.of("source", "objects", "target_schema");
    private static final Duration WAREHOUSE_PATIENCE = Duration.ofMinutes(1);

    @Override
    public String name() {
        return "extract.http";
    }

    @Override
    public Set<String> parameterKeys() {
        return KEYS;
    }

    @Override
    public List<String> validate(Map<String, Object> params) {
        List<String> problems = new ArrayList<>();
        TaskParams.requiredPath(params, "source", "source description", "extract/bamboohr.yaml", problems);
        TaskParams.nameOrList(
                params, "objects", "'objects' must be an object name or a list of the source's object names", problems);
        TaskParams.optionalText(params, "target_schema", "'target_schema' must be a schema name", problems);
        return problems;
    }

    @Override
    public List<FileProblem> validateFiles(Map<String, Object> params, Path projectDir) {
        if (!(params.get("source") instanceof String name) || name.isBlank() || name.contains("{{")) {
            return List.of();
        }
        try {
            HttpSource source = HttpSourceReader.read(projectDir.resolve(name), name);
            List<FileProblem> problems = new ArrayList<>();
            for (String object : TaskParams.names(params.get("objects"))) {
                if (!object.contains("{{") && !source.objects().containsKey(object)) {
                    problems.add(FileProblem.ofTask(
                            "'objects' names " + object + ", which the source " + name + " does not have; it has "
                                    + String.join(", ", source.objects().keySet())));
                }
            }
            return problems;
        } catch (SpecException e) {
            return e.problems().stream()
                    .map(problem -> new FileProblem(name, problem.line(), problem.message()))
                    .toList();
        } catch (ExtractException e) {
            return List.of(new FileProblem(name, 1, e.getMessage()));
        }
    }

    @Override
    public TaskResult execute(TaskContext context) {
        Map<String, Object> params = context.params();
        String name = String.valueOf(params.get("source"));
        String skipVariable = HttpExtract.skipVariable(context.taskId());
        HttpExtract extract;
        WarehouseSettings settings;
        List<ApiObject> objects;
        try {
            HttpSource source = HttpSourceReader.read(context.projectDir().resolve(name), name);
            extract = new HttpExtract(new HttpExtract.Options(
                    source,
                    context.projectDir(),
                    TaskParams.names(params.get("objects")),
                    TaskParams.text(params, "target_schema", null),
                    context.environment(),
                    "the variable " + skipVariable,
                    context.variable(skipVariable).orElse(null),
                    context.runId()));
            objects = extract.objects();
            settings = TaskParams.warehouse(context);
        } catch (WeirException e) {
            throw new TaskFailure(e.getMessage(), false, e);
        }
        Set<String> skipped = extract.skipped(context.log()::info);
        List<Map<String, Object>> results = new ArrayList<>();
        List<String> failedChecks = new ArrayList<>();
        try (Warehouse warehouse =
                Warehouse.open(settings.target(Flavor.LOAD), WAREHOUSE_PATIENCE, context.log()::info)) {
            for (ApiObject object : objects) {
                String target = extract.target(object, WarehouseSettings.rawDatabase(warehouse.target()))
                        .toString();
                context.log().info("Extracting object " + object.name() + " into " + target);
                try {
                    ObjectResult result = extract.run(
                            object,
                            warehouse,
                            skipped.contains(object.name()),
                            context.log()::info,
                            rows -> context.log().info(String.format("  %,d rows so far", rows)),
                            context::isCancelled);
                    context.log().info(result.summary());
                    results.add(result.xcom());
                } catch (ChecksFailed e) {
                    context.log().info(e.getMessage());
                    failedChecks.add(e.getMessage());
                } catch (ApiFailure e) {
                    throw new TaskFailure(e.getMessage() + "; " + target + " is unchanged", e.retryable(), e);
                } catch (ExtractException | WarehouseException e) {
                    throw new TaskFailure(e.getMessage() + "; " + target + " is unchanged", false, e);
                }
            }
        }
        if (!failedChecks.isEmpty()) {
            throw new TaskFailure(String.join("\n", failedChecks), false);
        }
        return TaskResult.success(results.size() == 1 ? results.get(0) : results);
    }
}
