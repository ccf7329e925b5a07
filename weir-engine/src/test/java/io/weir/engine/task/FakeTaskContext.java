package io.weir.engine.task;

import io.weir.core.schedule.DataInterval;
import io.weir.core.task.TaskContext;
import io.weir.core.task.TaskLog;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A try's context with fixed values, a given log and a record of the processes the task started. */
final class FakeTaskContext implements TaskContext {
    static final Instant LOGICAL_DATE = Instant.parse("2024-01-01T00:00:00Z");

    private final Map<String, Object> params;
    private final Path projectDir;
    private final Map<String, String> environment;
    private final TaskLog log;
    final List<ProcessHandle> processes = new CopyOnWriteArrayList<>();

    FakeTaskContext(Map<String, Object> params, Path projectDir, Map<String, String> environment, TaskLog log) {
        this.params = Map.copyOf(params);
        this.projectDir = projectDir;
        this.environment = Map.copyOf(environment);
        this.log = log;
    }

    @Override
    public String dagId() {
        return "demo";
    }

    @Override
    public String taskId() {
        return "work";
    }

    @Override
    public String runId() {
        return "manual__2024-01-01T00:00:00+00:00";
    }

    @Override
    public Instant logicalDate() {
        return LOGICAL_DATE;
    }

    @Override
    public DataInterval dataInterval() {
        return new DataInterval(LOGICAL_DATE, Instant.parse("2024-01-02T00:00:00Z"));
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
    public TaskLog log() {
        return log;
    }

    @Override
    public void processStarted(ProcessHandle process) {
        processes.add(process);
    }
}
