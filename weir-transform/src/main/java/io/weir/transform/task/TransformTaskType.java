package io.weir.transform.task;

import io.weir.core.project.ProjectSettings;
import io.weir.core.task.TaskContext;
import io.weir.core.task.TaskEnvironment;
import io.weir.core.task.TaskFailure;
import io.weir.core.task.TaskResult;
import io.weir.core.task.TaskType;
import io.weir.transform.Transform;
import io.weir.transform.TransformOptions;
import io.weir.transform.TransformStep;
import io.weir.transform.run.NodeStatus;
import io.weir.transform.run.RunReport;
import io.weir.warehouse.Flavor;
import io.weir.warehouse.WarehouseSettings;
import io.weir.warehouse.WarehouseTarget;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code transform.*} task types: run a step of a dbt project from a DAG. Models, seeds and snapshots are built
 * with the TRANSFORM credentials and tests run with the TEST credentials, each from Weir's warehouse settings unless
 * the task names a {@code profiles_dir} or {@code target}. Snapshots that set no target go to
 * {@code raw.snapshots}. The try's XCom holds the node counts by status.
 */
public abstract class TransformTaskType implements TaskType {
    static final Set<String> KEYS = Set.of(
            "project", "select", "exclude", "full_refresh", "vars", "target", "profiles_dir", "threads", "fail_fast");

    private final TransformStep step;

    TransformTaskType(TransformStep step) {
        this.step = step;
    }

    @Override
    public String name() {
        return "transform." + step.commandName();
    }

    @Override
    public Set<String> parameterKeys() {
        return KEYS;
    }

    @Override
    public List<String> validate(Map<String, Object> params) {
        List<String> problems = new ArrayList<>();
        Object project = params.get("project");
        if (!(project instanceof String text) || text.isBlank()) {
            problems.add("'project' is required: the dbt project's folder relative to the Weir project, such as"
                    + " 'transform'");
        }
        for (String key : List.of("select", "exclude")) {
            Object value = params.get(key);
            if (value != null && !(value instanceof String) && !(value instanceof List<?>)) {
                problems.add("'" + key + "' must be a selector or a list of selectors");
            }
        }
        for (String key : List.of("full_refresh", "fail_fast")) {
            Object value = params.get(key);
            if (value != null
                    && !(value instanceof Boolean)
                    && !(value instanceof String text && (text.contains("{{") || isBoolean(text)))) {
                problems.add("'" + key + "' must be true or false, not '" + value + "'");
            }
        }
        Object threads = params.get("threads");
        if (threads != null && !(threads instanceof String text && text.contains("{{")) && threads(threads) < 1) {
            problems.add("'threads' must be a whole number of at least 1, not '" + threads + "'");
        }
        Object vars = params.get("vars");
        if (vars != null && !(vars instanceof Map<?, ?>)) {
            problems.add("'vars' must be a mapping of variable names to values");
        }
        return problems;
    }

    @Override
    public TaskResult execute(TaskContext context) throws Exception {
        TransformOptions options = options(context);
        PrintStream log = new PrintStream(context.log().stream(), true, StandardCharsets.UTF_8);
        RunReport report;
        try (Transform transform = Transform.open(options)) {
            Thread watcher = cancelWatcher(context, transform);
            try {
                report = transform.execute(step, log);
            } finally {
                watcher.interrupt();
            }
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        report.counts().forEach((status, count) -> counts.put(status.resultName(), count));
        if (context.isCancelled()) {
            throw new TaskFailure("Cancelled", false);
        }
        if (!report.success()) {
            int errors = counts.getOrDefault(NodeStatus.ERROR.resultName(), 0);
            int failed = errors + counts.getOrDefault(NodeStatus.FAIL.resultName(), 0);
            // Failing data tests fail again on a retry; errors may be passing trouble (a lock, a lost connection).
            throw new TaskFailure(
                    failed + " of " + report.results().size() + " nodes failed (" + counts + "); see the log",
                    errors > 0);
        }
        return TaskResult.success(counts);
    }

    private TransformOptions options(TaskContext context) {
        Map<String, Object> params = context.params();
        // Weir's own credentials (the TRANSFORM and TEST flavors) come from its environment; the project's env_var()
        // sees only what any task may: harmless variables and the secrets the DAG declares for this task.
        Map<String, String> weirEnvironment = System.getenv();
        Map<String, String> env = TaskEnvironment.of(weirEnvironment, context.environment());
        Path projectDir = context.projectDir()
                .resolve(String.valueOf(params.get("project")))
                .normalize();
        if (!Files.isRegularFile(projectDir.resolve("dbt_project.yml"))) {
            throw new TaskFailure(
                    "No dbt_project.yml in " + projectDir + "; 'project' names the dbt project's folder, relative to"
                            + " the Weir project",
                    false);
        }
        String profilesDir = text(params.get("profiles_dir"));
        String target = text(params.get("target"));
        WarehouseTarget transformTarget = null;
        WarehouseTarget testTarget = null;
        String snapshotDatabase = null;
        String snapshotSchema = null;
        if (profilesDir == null && target == null) {
            WarehouseSettings settings = WarehouseSettings.of(
                    context.projectDir(), ProjectSettings.load(context.projectDir()), weirEnvironment);
            transformTarget = settings.target(Flavor.TRANSFORM);
            testTarget = settings.target(Flavor.TEST);
            snapshotDatabase = WarehouseSettings.snapshotDatabase(transformTarget);
            snapshotSchema = WarehouseSettings.SNAPSHOT_SCHEMA;
        }
        return new TransformOptions(
                projectDir,
                profilesDir == null ? null : context.projectDir().resolve(profilesDir),
                target,
                selectors(params.get("select")),
                selectors(params.get("exclude")),
                bool(params.get("full_refresh")),
                vars(params.get("vars")),
                params.get("threads") == null ? null : threads(params.get("threads")),
                bool(params.get("fail_fast")),
                transformTarget,
                testTarget,
                snapshotDatabase,
                snapshotSchema,
                env);
    }

    private static Thread cancelWatcher(TaskContext context, Transform transform) {
        Thread watcher = new Thread(
                () -> {
                    try {
                        while (!context.isCancelled()) {
                            Thread.sleep(200);
                        }
                        transform.cancel();
                    } catch (InterruptedException done) {
                        Thread.currentThread().interrupt();
                    }
                },
                "weir-transform-cancel-" + context.taskId());
        watcher.setDaemon(true);
        watcher.start();
        return watcher;
    }

    private static boolean isBoolean(String text) {
        return text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false");
    }

    /** The thread count a task asks for, or 0 when it is no whole number. */
    private static int threads(Object value) {
        if (value instanceof Integer number) {
            return number;
        }
        try {
            return Integer.parseInt(value.toString().strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String text(Object value) {
        return value == null || value.toString().isBlank() ? null : value.toString();
    }

    private static boolean bool(Object value) {
        return value instanceof Boolean b ? b : value != null && Boolean.parseBoolean(value.toString());
    }

    private static List<String> selectors(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return List.of(value.toString());
    }

    private static Map<String, Object> vars(Object value) {
        Map<String, Object> vars = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, v) -> vars.put(String.valueOf(key), v));
        }
        return vars;
    }
}
