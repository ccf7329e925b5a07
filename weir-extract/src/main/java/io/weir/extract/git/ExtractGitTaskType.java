package io.weir.extract.git;

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
import io.weir.warehouse.load.LoadResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code extract.git}: the commits of {@code repository} (a path relative to the project, or a clone URL with
 * {@code credentials} naming declared secrets) whose commit date falls in the run's data interval, merged on sha into
 * {@code raw.<target_schema>.<table>} (default {@code raw.git.commits}). The XCom is {@code {table, record_count}}.
 */
public final class ExtractGitTaskType implements TaskType {
    static final Set<String> KEYS = Set.of("repository", "name", "branch", "credentials", "target_schema", "table");
    private static final Duration WAREHOUSE_PATIENCE = Duration.ofMinutes(1);

    @Override
    public String name() {
        return "extract.git";
    }

    @Override
    public Set<String> parameterKeys() {
        return KEYS;
    }

    @Override
    public List<String> validate(Map<String, Object> params) {
        List<String> problems = new ArrayList<>();
        TaskParams.required(
                params,
                "repository",
                "'repository' is required: a path relative to the project, or a clone URL such as"
                        + " https://gitlab.example.com/data/analytics.git",
                problems);
        Object credentials = params.get("credentials");
        if (credentials != null
                && !(credentials instanceof Map<?, ?> map
                        && map.get("username") instanceof String
                        && map.get("password") instanceof String
                        && map.size() == 2)) {
            problems.add("'credentials' must be {username: SECRET, password: SECRET}, each the name of a declared"
                    + " secret (a token goes in password)");
        }
        for (String key : List.of("name", "branch", "target_schema", "table")) {
            TaskParams.optionalText(params, key, "'" + key + "' must be a single name", problems);
        }
        return problems;
    }

    @Override
    public TaskResult execute(TaskContext context) {
        Map<String, Object> params = context.params();
        String repository = String.valueOf(params.get("repository"));
        String username = null;
        String password = null;
        if (params.get("credentials") instanceof Map<?, ?> credentials) {
            username = secret(context, String.valueOf(credentials.get("username")));
            password = secret(context, String.valueOf(credentials.get("password")));
        }
        GitExtract extract = new GitExtract(new GitExtract.Options(
                repository,
                TaskParams.text(params, "name", GitExtract.nameOf(repository)),
                TaskParams.text(params, "branch", null),
                context.projectDir(),
                context.dataInterval(),
                TaskParams.text(params, "target_schema", GitExtract.DEFAULT_SCHEMA),
                TaskParams.text(params, "table", GitExtract.DEFAULT_TABLE),
                username,
                password,
                context.runId()));
        WarehouseSettings settings;
        try {
            settings = TaskParams.warehouse(context);
        } catch (WeirException e) {
            throw new TaskFailure(e.getMessage(), false, e);
        }
        try (Warehouse warehouse =
                Warehouse.open(settings.target(Flavor.LOAD), WAREHOUSE_PATIENCE, context.log()::info)) {
            String target = extract.target(warehouse).toString();
            context.log()
                    .info("Extracting the commits of " + extract.shown() + " from "
                            + context.dataInterval().start() + " to "
                            + context.dataInterval().end() + " into " + target);
            LoadResult result;
            try {
                result = extract.run(warehouse, context.log()::info, rows -> context.log()
                        .info(String.format("  %,d commits so far", rows)));
            } catch (ExtractException | WarehouseException e) {
                throw new TaskFailure(e.getMessage() + "; " + target + " is unchanged", false, e);
            }
            context.log().info(summary(extract.shown(), result));
            Map<String, Object> xcom = new LinkedHashMap<>();
            xcom.put("table", target);
            xcom.put("record_count", result.rows());
            return TaskResult.success(xcom);
        }
    }

    private static String secret(TaskContext context, String name) {
        String value = context.environment().get(name);
        if (value == null) {
            throw new TaskFailure(
                    "'credentials' names the secret " + name + ", which the task does not have; declare it in the"
                            + " task's 'secrets'",
                    false);
        }
        return value;
    }

    /** The log line of a load: commits and commits/s. */
    public static String summary(String repository, LoadResult result) {
        return String.format(
                Locale.ROOT,
                "Repository %s: %,d commits into %s (merge on sha) in %.1f s, %,.0f rows/s",
                repository,
                result.rows(),
                result.target(),
                result.elapsed().toMillis() / 1000.0,
                result.rowsPerSecond());
    }
}
