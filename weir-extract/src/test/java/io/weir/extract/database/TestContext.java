package io.weir.extract.database;

import io.weir.core.schedule.DataInterval;
import io.weir.core.task.TaskContext;
import io.weir.core.task.TaskLog;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A try of an extract task for one data interval, its log kept in memory. */
final class TestContext implements TaskContext {
    private final Map<String, Object> params;
    private final Path projectDir;
    private final DataInterval interval;
    private final Map<String, String> environment;
    final List<String> lines = new CopyOnWriteArrayList<>();

    TestContext(Map<String, Object> params, Path projectDir, DataInterval interval, Map<String, String> environment) {
        this.params = Map.copyOf(params);
        this.projectDir = projectDir;
        this.interval = interval;
        this.environment = Map.copyOf(environment);
    }

    static DataInterval day(String date) {
        Instant start = Instant.parse(date + "T00:00:00Z");
        return new DataInterval(start, start.plusSeconds(86_400));
    }

    @Override
    public String dagId() {
        return "extract_shop";
    }

    @Override
    public String taskId() {
        return "orders";
    }

    @Override
    public String runId() {
        return "scheduled__" + interval.start();
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
    public TaskLog log() {
        return new TaskLog() {
            @Override
            public void info(String message) {
                lines.add(message);
            }

            @Override
            public OutputStream stream() {
                return new ByteArrayOutputStream();
            }
        };
    }

    @Override
    public void processStarted(ProcessHandle process) {}
}
