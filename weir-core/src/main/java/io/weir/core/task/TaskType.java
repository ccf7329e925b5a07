package io.weir.core.task;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A kind of task ({@code command}, {@code empty}, {@code extract.postgres}, ...). Implementations register
 * through {@link java.util.ServiceLoader} in {@code META-INF/services/io.weir.core.task.TaskType}; the scheduler
 * knows only this interface.
 */
public interface TaskType {

    /** The name DAG files use in {@code type:}. */
    String name();

    /** The type's own keys a task may set beside the common ones ({@code after}, {@code retries}, ...). */
    Set<String> parameterKeys();

    /**
     * Checks a task's own keys when the DAG file is parsed (the values are not rendered yet). Returns one message
     * per problem, each naming the key and what to do; empty when all is well.
     */
    default List<String> validate(Map<String, Object> params) {
        return List.of();
    }

    /**
     * Checks the files a task's keys name (a manifest, a project folder) against the project in {@code projectDir}.
     * {@code weir dags validate} calls it; DAG parsing does not, since such files change apart from the DAG file.
     * Returns one problem per mistake, each at its file's own line and saying what to do; empty when all is well.
     */
    default List<FileProblem> validateFiles(Map<String, Object> params, java.nio.file.Path projectDir) {
        return List.of();
    }

    /**
     * Makes several tasks of one task entry when its keys ask for it (one per table of a manifest, say), so each
     * retries alone and shows alone. Called when the DAG file is parsed; files must be read through {@code files}, so
     * that a change to them parses the DAG again. Returns an empty list to keep the entry one task.
     *
     * @throws ExpansionException naming each problem's file and line
     */
    default List<GeneratedTask> expand(Map<String, Object> params, ProjectFiles files) {
        return List.of();
    }

    /**
     * Runs one try. Returns normally for success or skip; throws for failure ({@link TaskFailure} to say whether a
     * retry can help, any other exception counts as retryable). When the try is cancelled or times out, the
     * processes it recorded are ended and {@link TaskContext#isCancelled()} turns true; the thread is not interrupted.
     */
    TaskResult execute(TaskContext context) throws Exception;
}
