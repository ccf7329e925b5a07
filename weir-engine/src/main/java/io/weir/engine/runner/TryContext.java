package io.weir.engine.runner;

import io.weir.core.schedule.DataInterval;
import io.weir.core.task.LoadedFiles;
import io.weir.core.task.TaskContext;
import io.weir.core.task.TaskLog;
import io.weir.engine.process.CommandSupervisor;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/** The {@link TaskContext} of one try. */
record TryContext(
        String dagId,
        String taskId,
        String runId,
        Instant logicalDate,
        DataInterval dataInterval,
        int tryNumber,
        int maxTries,
        Map<String, Object> params,
        Path projectDir,
        Map<String, String> environment,
        Path xcomFile,
        Path statusFile,
        CommandSupervisor supervisor,
        TaskLog log,
        Consumer<ProcessHandle> processListener,
        RunningTry attempt,
        LoadedFiles loadedFiles,
        Function<String, Optional<String>> variables,
        TaskStates states)
        implements TaskContext, CommandSupervisor.Provider {

    TryContext {
        params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
        environment = Map.copyOf(environment);
    }

    @Override
    public Optional<Path> exitStatusFile() {
        return Optional.of(statusFile);
    }

    @Override
    public Optional<CommandSupervisor> commandSupervisor() {
        return Optional.of(supervisor);
    }

    @Override
    public Optional<String> variable(String key) {
        return variables.apply(key);
    }

    @Override
    public Optional<String> savedState() {
        return states.load();
    }

    @Override
    public void saveState(String state) {
        states.save(state);
    }

    /** Where the try's task keeps its state across runs. */
    interface TaskStates {
        Optional<String> load();

        void save(String state);
    }

    @Override
    public void processStarted(ProcessHandle process) {
        processListener.accept(process);
    }

    @Override
    public boolean isCancelled() {
        return attempt.cancelReason() != null;
    }
}
