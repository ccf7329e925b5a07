package io.weir.extract.testing;

import io.weir.core.schedule.DataInterval;
import io.weir.core.task.LoadedFile;
import io.weir.core.task.LoadedFiles;
import io.weir.core.task.TaskContext;
import io.weir.core.task.TaskLog;
import io.weir.store.MetadataStore;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One try of an extract task, its log kept in memory, Weir's variables and the task's kept state in maps, and its
 * ledger of loaded files, when a test gives one, in a real metadata database.
 */
public final class TaskTry implements TaskContext {
    private String dagId = "extract_test";
    private String runId;
    private MetadataStore ledger;
    private final String taskId;
    private final Map<String, Object> params;
    private final Path projectDir;
    private final DataInterval interval;
    private final Map<String, String> environment;
    private final Map<String, String> variables = new HashMap<>();
    private final Map<String, String> states;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    public final List<String> lines = new CopyOnWriteArrayList<>();
    private java.util.function.BooleanSupplier cancelled = () -> false;

    public TaskTry(
            String taskId,
            Map<String, Object> params,
            Path projectDir,
            DataInterval interval,
            Map<String, String> environment) {
        this.taskId = taskId;
        this.params = Map.copyOf(params);
        this.projectDir = projectDir;
        this.interval = interval;
        this.environment = Map.copyOf(environment);
        this.states = new HashMap<>();
    }

    private TaskTry(TaskTry earlier, Map<String, Object> params) {
        this(earlier.taskId, params, earlier.projectDir, earlier.interval, earlier.environment);
        this.variables.putAll(earlier.variables);
        this.dagId = earlier.dagId;
        this.runId = earlier.runId;
        this.ledger = earlier.ledger;
    }

    /** The try as a task of DAG {@code dagId} (default {@code extract_test}). */
    public TaskTry inDag(String dagId) {
        this.dagId = dagId;
        return this;
    }

    /** The try of run {@code runId} (default {@code scheduled__<interval start>}). */
    public TaskTry withRunId(String runId) {
        this.runId = runId;
        return this;
    }

    /** The try keeps its ledger of loaded files in {@code store}. */
    public TaskTry withLedger(MetadataStore store) {
        this.ledger = store;
        return this;
    }

    /** The next try of this task, which sees the state this one kept. */
    public TaskTry next() {
        TaskTry next = new TaskTry(this, params);
        next.states.putAll(states);
        return next;
    }

    public static DataInterval day(String date) {
        Instant start = Instant.parse(date + "T00:00:00Z");
        return new DataInterval(start, start.plusSeconds(86_400));
    }

    /** The try counts as cancelled (a timeout, a clear) once {@code cancelled} says so. */
    public TaskTry cancelledWhen(java.util.function.BooleanSupplier cancelled) {
        this.cancelled = cancelled;
        return this;
    }

    @Override
    public boolean isCancelled() {
        return cancelled.getAsBoolean();
    }

    /** Sets a Weir variable the try reads. */
    public TaskTry withVariable(String key, String value) {
        variables.put(key, value);
        return this;
    }

    /** The log's lines and what processes wrote to it, as one text. */
    public String logText() {
        return String.join("\n", lines) + "\n" + output.toString(StandardCharsets.UTF_8);
    }

    @Override
    public String dagId() {
        return dagId;
    }

    @Override
    public String taskId() {
        return taskId;
    }

    @Override
    public String runId() {
        return runId != null ? runId : "scheduled__" + interval.start();
    }

    @Override
    public Instant logicalDate() {
        return interval.start();
    }

    @Override
    public DataInterval dataInterval() {
        return interval;
    }

    @Override
    public int tryNumber() {
        return 1;
    }

    @Override
    public int maxTries() {
        return 1;
    }

    @Override
    public Map<String, Object> params() {
        return params;
    }

    @Override
    public Path projectDir() {
        return projectDir;
    }

    @Override
    public Map<String, String> environment() {
        return environment;
    }

    @Override
    public Path xcomFile() {
        return projectDir.resolve("xcom.json");
    }

    @Override
    public Optional<String> variable(String key) {
        return Optional.ofNullable(variables.get(key));
    }

    @Override
    public Optional<String> savedState() {
        return Optional.ofNullable(states.get(taskId));
    }

    @Override
    public void saveState(String state) {
        states.put(taskId, state);
    }

    @Override
    public LoadedFiles loadedFiles() {
        if (ledger == null) {
            return TaskContext.super.loadedFiles();
        }
        return new LoadedFiles() {
            @Override
            public Map<String, LoadedFile> list(String name) {
                return ledger.inTransaction(session -> session.loadedFiles().list(name));
            }

            @Override
            public void record(LoadedFile file) {
                ledger.useTransaction(session -> session.loadedFiles().record(file));
            }
        };
    }

    @Override
    public TaskLog log() {
        return new TaskLog() {
            @Override
            public void info(String message) {
                lines.add(message);
            }

            @Override
            public OutputStream stream() {
                return output;
            }
        };
    }

    @Override
    public void processStarted(ProcessHandle process) {}
}
