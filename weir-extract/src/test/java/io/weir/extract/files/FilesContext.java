package io.weir.extract.files;

import io.weir.core.schedule.DataInterval;
import io.weir.core.task.LoadedFile;
import io.weir.core.task.LoadedFiles;
import io.weir.core.task.TaskContext;
import io.weir.core.task.TaskLog;
import io.weir.store.MetadataStore;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A try of an extract.files task, its ledger in a real metadata database and its log kept in memory. */
final class FilesContext implements TaskContext {
    private final Map<String, Object> params;
    private final Path projectDir;
    private final Map<String, String> environment;
    private final MetadataStore store;
    private final String runId;
    final List<String> lines = new CopyOnWriteArrayList<>();

    FilesContext(
            Map<String, Object> params,
            Path projectDir,
            Map<String, String> environment,
            MetadataStore store,
            String runId) {
        this.params = Map.copyOf(params);
        this.projectDir = projectDir;
        this.environment = Map.copyOf(environment);
        this.store = store;
        this.runId = runId;
    }

    @Override
    public String dagId() {
        return "sheetload";
    }

    @Override
    public String taskId() {
        return "sheets";
    }

    @Override
    public String runId() {
        return runId;
    }

    @Override
    public Instant logicalDate() {
        return Instant.parse("2024-05-01T00:00:00Z");
    }

    @Override
    public DataInterval dataInterval() {
        return new DataInterval(logicalDate(), logicalDate().plusSeconds(86_400));
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
    public LoadedFiles loadedFiles() {
        return new LoadedFiles() {
            @Override
            public Map<String, LoadedFile> list(String ledger) {
                return store.inTransaction(session -> session.loadedFiles().list(ledger));
            }

            @Override
            public void record(LoadedFile file) {
                store.useTransaction(session -> session.loadedFiles().record(file));
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
                return new ByteArrayOutputStream();
            }
        };
    }

    @Override
    public void processStarted(ProcessHandle process) {}
}
