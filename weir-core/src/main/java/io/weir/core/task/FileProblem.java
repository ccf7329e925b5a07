package io.weir.core.task;

import static java.util.Objects.requireNonNull;

/**
 * A problem a task type found in a file its task names, such as a manifest.
 *
 * @param file relative to the project; null when the problem is the task's own, reported at its entry in the DAG file
 * @param line 1-based line of {@code file}
 */
public record FileProblem(String file, int line, String message) {
    public FileProblem {
        requireNonNull(message, "message is null");
        line = Math.max(1, line);
    }

    /** A problem of the task's own keys, reported at its entry in the DAG file. */
    public static FileProblem ofTask(String message) {
        return new FileProblem(null, 1, message);
    }
}
