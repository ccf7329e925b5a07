package io.weir.engine.log;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * Where the log of each try lives: {@code <logsRoot>/dag_id=<d>/run_id=<r>/task_id=<t>/attempt=<n>.log}, the
 * layout Airflow users already grep.
 */
public record TaskLogPaths(Path logsRoot) {
    public TaskLogPaths {
        requireNonNull(logsRoot, "logsRoot is null");
    }

    public Path taskDir(String dagId, String runId, String taskId) {
        return logsRoot.resolve("dag_id=" + component(dagId, "dagId"))
                .resolve("run_id=" + component(runId, "runId"))
                .resolve("task_id=" + component(taskId, "taskId"));
    }

    public Path file(String dagId, String runId, String taskId, int tryNumber) {
        if (tryNumber < 1) {
            throw new IllegalArgumentException("try numbers start at 1: " + tryNumber);
        }
        return taskDir(dagId, runId, taskId).resolve("attempt=" + tryNumber + ".log");
    }

    /** Keeps a name inside its folder: a run id given by hand may contain a slash. */
    private static String component(String value, String name) {
        requireNonNull(value, name + " is null");
        StringBuilder safe = new StringBuilder(value.length());
        for (char character : value.toCharArray()) {
            safe.append(character == '/' || character == '\\' || character == '\0' ? '_' : character);
        }
        return safe.toString();
    }
}
