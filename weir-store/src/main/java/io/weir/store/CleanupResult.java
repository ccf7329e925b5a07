package io.weir.store;

/**
 * What {@code weir db clean} removed (or, in a dry run, would remove), per table.
 *
 * @param dagRuns rows of dag_run
 * @param taskInstances rows of task_instance
 * @param xcoms rows of xcom
 */
public record CleanupResult(int dagRuns, int taskInstances, int xcoms, boolean dryRun) {}
