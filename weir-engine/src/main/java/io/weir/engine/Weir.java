package io.weir.engine;

import io.weir.core.ErrorCode;
import io.weir.core.WeirException;
import io.weir.core.dag.Dag;
import io.weir.core.dag.DagFolder;
import io.weir.core.dag.DagParser;
import io.weir.core.dag.TaskSpec;
import io.weir.core.project.ProjectSettings;
import io.weir.core.schedule.DataInterval;
import io.weir.core.state.DagRunState;
import io.weir.core.state.TaskState;
import io.weir.core.task.TaskTypeRegistry;
import io.weir.core.template.TemplateRenderer;
import io.weir.engine.dagbag.DagBag;
import io.weir.engine.executor.ExecutorFactory;
import io.weir.engine.local.LocalExecutor;
import io.weir.engine.ops.Backfill;
import io.weir.engine.ops.BackfillProgress;
import io.weir.engine.ops.BackfillRequest;
import io.weir.engine.ops.ClearRequest;
import io.weir.engine.ops.DagRuns;
import io.weir.engine.ops.DagTest;
import io.weir.engine.ops.RenderedFields;
import io.weir.engine.ops.TaskInstanceChanges;
import io.weir.engine.ops.TaskRun;
import io.weir.engine.scheduler.ChangeEffects;
import io.weir.engine.scheduler.Scheduler;
import io.weir.engine.scheduler.SchedulerListener;
import io.weir.engine.scheduler.SchedulerScope;
import io.weir.engine.secret.SecretResolver;
import io.weir.store.DagRunRecord;
import io.weir.store.ImportErrorRecord;
import io.weir.store.MetadataStore;
import io.weir.store.StoreSettings;
import io.weir.store.TaskInstanceRecord;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * One Weir project opened: its settings, metadata store, task types and DAGs. Builds the object graph every
 * command and the server share, in one place.
 */
public final class Weir implements AutoCloseable {
    private final EngineServices services;
    private final DagBag dagBag;
    /** The schedulers made here, told at once about the clears and marks made through this object. */
    private final Set<Scheduler> schedulersMade = ConcurrentHashMap.newKeySet();

    private final ChangeEffects schedulers = ChangeEffects.toEach(schedulersMade);
    private boolean dagsLoaded;

    private Weir(EngineServices services, DagBag dagBag) {
        this.services = services;
        this.dagBag = dagBag;
    }

    /** Opens a project, migrating an empty metadata database. */
    public static Weir open(Path projectDir, Map<String, String> environment) {
        return open(projectDir, environment, true);
    }

    /**
     * Opens a project. With {@code migrate} false the metadata database is opened as it is (for {@code db check}
     * and {@code db init}, which report or migrate it themselves).
     */
    public static Weir open(Path projectDir, Map<String, String> environment, boolean migrate) {
        return open(projectDir, environment, migrate, false);
    }

    /**
     * Opens a project for a short command that reads (lists, states, logs): as {@link #open(Path, Map)}, with the
     * embedded metadata file left as it is at close (see {@link StoreSettings#forBriefReads()}).
     */
    public static Weir openToRead(Path projectDir, Map<String, String> environment) {
        return open(projectDir, environment, true, true);
    }

    private static Weir open(Path projectDir, Map<String, String> environment, boolean migrate, boolean briefReads) {
        Path project = projectDir.toAbsolutePath().normalize();
        if (!Files.isDirectory(project)) {
            throw new WeirException(
                    ErrorCode.CONFIGURATION,
                    "Project folder " + project + " does not exist; pass --project DIR or set WEIR_PROJECT");
        }
        ProjectSettings settings = ProjectSettings.load(project);
        Path weirDir = project.resolve(".weir");
        try {
            Files.createDirectories(weirDir);
        } catch (java.io.IOException e) {
            throw new WeirException(ErrorCode.CONFIGURATION, "Cannot create " + weirDir + ": " + e.getMessage(), e);
        }
        StoreSettings storeSettings = StoreSettings.forProject(weirDir, environment);
        MetadataStore store = MetadataStore.open(briefReads ? storeSettings.forBriefReads() : storeSettings);
        try {
            if (migrate) {
                store.ensureMigrated();
            }
            TaskTypeRegistry taskTypes = TaskTypeRegistry.load(Weir.class.getClassLoader());
            Clock clock = Clock.systemUTC();
            EngineServices services = new EngineServices(
                    project,
                    weirDir,
                    weirDir.resolve("logs"),
                    settings,
                    store,
                    taskTypes,
                    new TemplateRenderer(),
                    new SecretResolver(environment),
                    Map.copyOf(environment),
                    clock,
                    hostname());
            DagBag dagBag = new DagBag(
                    project,
                    project.resolve(settings.dagsFolder()),
                    new DagFolder(new DagParser(taskTypes)),
                    store,
                    settings.dagsArePausedAtCreation(),
                    clock);
            return new Weir(services, dagBag);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    private static String hostname() {
        String fromEnvironment = System.getenv("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    public EngineServices services() {
        return services;
    }

    public Path projectDir() {
        return services.projectDir();
    }

    public Path weirDir() {
        return services.weirDir();
    }

    public Path logsDir() {
        return services.logsDir();
    }

    public ProjectSettings settings() {
        return services.settings();
    }

    public MetadataStore store() {
        return services.store();
    }

    /** The project's DAGs, read from the DAG folder on first use. */
    public synchronized DagBag dagBag() {
        if (!dagsLoaded) {
            dagBag.refresh();
            dagsLoaded = true;
        }
        return dagBag;
    }

    /** The DAG with this id; a clear error when it does not exist or its file does not parse. */
    public Dag requireDag(String dagId) {
        Optional<Dag> dag = dagBag().find(dagId);
        if (dag.isPresent()) {
            return dag.get();
        }
        List<String> problems = new ArrayList<>();
        for (ImportErrorRecord error :
                store().inTransaction(session -> session.dags().importErrors())) {
            String file = Path.of(error.file()).getFileName().toString();
            if (file.equals(dagId + ".yaml") || file.equals(dagId + ".yml")) {
                problems.add(error.file() + ":" + error.line() + ":" + error.column() + ": " + error.message());
            }
        }
        if (!problems.isEmpty()) {
            throw new WeirException(
                    ErrorCode.DAG_NOT_FOUND, "DAG " + dagId + " cannot be loaded: " + String.join("; ", problems));
        }
        throw new WeirException(
                ErrorCode.DAG_NOT_FOUND,
                "No DAG " + dagId + " in " + projectDir().resolve(settings().dagsFolder())
                        + "; `weir dags list` shows the DAGs there");
    }

    /** The run a CLI argument names: a run id, or a logical date ({@code 2024-01-01} or ISO-8601). */
    public DagRunRecord resolveRun(String dagId, String runIdOrDate) {
        return DagRuns.resolve(store(), dagId, runIdOrDate);
    }

    /** Triggers a manual run at {@code logicalDate} (now when null) with a JSON object {@code conf}. */
    public DagRunRecord trigger(String dagId, Instant logicalDate, String conf) {
        return trigger(dagId, logicalDate, null, conf);
    }

    /** As {@link #trigger(String, Instant, String)}, with the run named {@code runId} (the default when null). */
    public DagRunRecord trigger(String dagId, Instant logicalDate, String runId, String conf) {
        Dag dag = requireDag(dagId);
        return DagRuns.trigger(
                store(), dag, logicalDate, runId, conf, services.clock().instant());
    }

    public List<DataInterval> planBackfill(BackfillRequest request) {
        return new Backfill(services, dagBag(), executors()).plan(requireDag(request.dagId()), request);
    }

    public List<DagRunRecord> backfill(BackfillRequest request, Consumer<BackfillProgress> progress) {
        return new Backfill(services, dagBag(), executors()).run(requireDag(request.dagId()), request, progress);
    }

    public DagTest.Result test(String dagId, Instant logicalDate, SchedulerListener listener) {
        return new DagTest(services, dagBag(), executors()).run(requireDag(dagId), logicalDate, listener);
    }

    public TaskInstanceRecord runTask(String dagId, String taskId, String runIdOrDate, TaskRun.Options options) {
        Dag dag = requireDag(dagId);
        return new TaskRun(services).run(dag, resolveRun(dagId, runIdOrDate), taskId, options);
    }

    public List<TaskInstanceRecord> previewClear(ClearRequest request) {
        return new TaskInstanceChanges(store()).previewClear(requireDag(request.dagId()), request);
    }

    public List<TaskInstanceRecord> clear(ClearRequest request) {
        return new TaskInstanceChanges(store(), schedulers)
                .clear(requireDag(request.dagId()), request, services.clock().instant());
    }

    public List<TaskInstanceRecord> mark(
            String dagId, String taskId, String runIdOrDate, TaskState state, boolean downstream, boolean upstream) {
        Dag dag = requireDag(dagId);
        DagRunRecord run = resolveRun(dagId, runIdOrDate);
        return new TaskInstanceChanges(store(), schedulers)
                .mark(
                        dag,
                        run,
                        taskId,
                        state,
                        downstream,
                        upstream,
                        services.clock().instant());
    }

    /** Sets a whole run to success, failed or queued (see {@link TaskInstanceChanges#markRun}). */
    public DagRunRecord markRun(String dagId, String runId, DagRunState state) {
        Dag dag = requireDag(dagId);
        DagRunRecord run = resolveRun(dagId, runId);
        return new TaskInstanceChanges(store())
                .markRun(dag, run, state, services.clock().instant());
    }

    /**
     * Deletes a DAG's metadata: its row, runs, task instances and XComs (its file stays; a DAG file still in the
     * folder registers the DAG again, without history). Refused while any of its tasks is queued or running.
     */
    public void deleteDag(String dagId) {
        store().useTransaction(session -> {
            if (session.dags().find(dagId).isEmpty()) {
                throw new WeirException(ErrorCode.DAG_NOT_FOUND, "No DAG " + dagId + " in the metadata database");
            }
            int active = session.taskInstances().activeCountByDag().getOrDefault(dagId, 0);
            if (active > 0) {
                throw new WeirException(
                        ErrorCode.USER_INPUT,
                        "DAG " + dagId + " has " + active + " queued or running task instances; wait for them or"
                                + " mark them first");
            }
            session.dags().delete(dagId);
        });
    }

    /** The instances {@link #mark} would change, without changing anything. */
    public List<TaskInstanceRecord> previewMark(
            String dagId, String taskId, String runIdOrDate, TaskState state, boolean downstream, boolean upstream) {
        return new TaskInstanceChanges(store())
                .previewMark(requireDag(dagId), resolveRun(dagId, runIdOrDate), taskId, state, downstream, upstream);
    }

    /** A task's templated keys rendered for a run, secrets masked (the task-instance page shows them). */
    public Map<String, String> renderedFields(String dagId, String runId, String taskId, int tryNumber) {
        Dag dag = requireDag(dagId);
        TaskSpec task = dag.task(taskId);
        if (task == null) {
            return Map.of();
        }
        return RenderedFields.render(services, dag, resolveRun(dagId, runId), task, tryNumber);
    }

    /** Deletes a run with its task instances and XComs. */
    public void deleteRun(String dagId, String runId) {
        DagRuns.delete(store(), dagId, runId);
    }

    /** How this project's schedulers run tries: on threads and processes of this host. */
    private ExecutorFactory executors() {
        return LocalExecutor.factory(services);
    }

    /** A scheduler for this project (the server's: it creates scheduled runs and runs every unowned run). */
    public Scheduler scheduler(SchedulerListener listener) {
        Scheduler scheduler = new Scheduler(services, dagBag(), SchedulerScope.ALL, "scheduler", listener, executors());
        schedulersMade.add(scheduler);
        return scheduler;
    }

    @Override
    public void close() {
        services.store().close();
    }
}
