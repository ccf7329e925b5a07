package io.weir.extract.singer;

import io.weir.core.WeirException;
import io.weir.core.task.TaskContext;
import io.weir.core.task.TaskFailure;
import io.weir.core.task.TaskResult;
import io.weir.core.task.TaskType;
import io.weir.extract.ExtractException;
import io.weir.extract.spec.TaskParams;
import io.weir.warehouse.Flavor;
import io.weir.warehouse.Warehouse;
import io.weir.warehouse.WarehouseException;
import io.weir.warehouse.WarehouseSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code extract.singer}: runs a Singer tap ({@code command}, with its {@code config} and {@code catalog}) and loads
 * each stream into {@code raw.<target_schema>.<stream>}; the task's last committed STATE is kept in the metadata DB
 * and passed back as {@code --state}. The XCom is a list of {@code {stream, table, record_count}}.
 */
public final class ExtractSingerTaskType implements TaskType {
    static final Set<String> KEYS = Set.of("command", "config", "catalog", "target_schema", "commit_every");
    private static final Duration WAREHOUSE_PATIENCE = Duration.ofMinutes(1);

    @Override
    public String name() {
        return "extract.singer";
    }

    @Override
    public Set<String> parameterKeys() {
        return KEYS;
    }

    @Override
    public List<String> validate(Map<String, Object> params) {
        List<String> problems = new ArrayList<>();
        Object command = params.get("command");
        if (!(command instanceof String text && !text.isBlank())
                && !(command instanceof List<?> list && !list.isEmpty())) {
            problems.add("'command' is required: the tap and its arguments, such as 'tap-github' or"
                    + " [python3, taps/tap_hr.py]; Weir adds --config, --catalog and --state");
        }
        for (String key : List.of("config", "catalog", "target_schema")) {
            TaskParams.optionalText(
                    params,
                    key,
                    "'" + key + "' must be a single " + (key.equals("target_schema") ? "name" : "path"),
                    problems);
        }
        TaskParams.wholeNumber(params, "commit_every", 1, problems);
        return problems;
    }

    @Override
    public TaskResult execute(TaskContext context) {
        Map<String, Object> params = context.params();
        List<String> command = params.get("command") instanceof List<?> list
                ? list.stream().map(String::valueOf).toList()
                : List.of(String.valueOf(params.get("command")).strip().split("\\s+"));
        SingerExtract extract = new SingerExtract(new SingerExtract.Options(
                command,
                context.projectDir(),
                TaskParams.text(params, "config", null),
                TaskParams.text(params, "catalog", null),
                context.environment(),
                TaskParams.text(params, "target_schema", SingerExtract.DEFAULT_SCHEMA),
                params.get("commit_every") instanceof Number every
                        ? every.longValue()
                        : SingerExtract.DEFAULT_COMMIT_EVERY,
                context.runId()));
        WarehouseSettings settings;
        try {
            settings = TaskParams.warehouse(context);
        } catch (WeirException e) {
            throw new TaskFailure(e.getMessage(), false, e);
        }
        List<StreamResult> results;
        try (Warehouse warehouse =
                Warehouse.open(settings.target(Flavor.LOAD), WAREHOUSE_PATIENCE, context.log()::info)) {
            results = extract.run(warehouse, context.savedState(), new SingerExtract.Listener() {
                @Override
                public void log(String line) {
                    context.log().info(line);
                }

                @Override
                public void started(ProcessHandle process) {
                    context.processStarted(process);
                }

                @Override
                public void saveState(String state) {
                    context.saveState(state);
                }

                @Override
                public boolean cancelled() {
                    return context.isCancelled();
                }
            });
        } catch (ExtractException | WarehouseException e) {
            throw new TaskFailure(e.getMessage() + "; the kept state is that of the last commit", false, e);
        }
        results.forEach(result -> context.log().info(result.summary()));
        return TaskResult.success(results.stream().map(StreamResult::xcom).toList());
    }
}
