package io.weir.core.task;

import io.weir.core.schedule.DataInterval;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** What a task type gets for one try. */
public interface TaskContext {
    /** The variables of {@link #environment()} that Weir sets for every try; a task's own settings may not replace them. */
    java.util.List<String> WEIR_VARIABLES = java.util.List.of(
            "WEIR_DAG_ID",
            "WEIR_TASK_ID",
            "WEIR_RUN_ID",
            "WEIR_DS",
            "WEIR_LOGICAL_DATE",
            "WEIR_DATA_INTERVAL_START",
            "WEIR_DATA_INTERVAL_END",
            "WEIR_TRY_NUMBER",
            "WEIR_XCOM_FILE",
            "WEIR_PROJECT");

    String dagId();

    String taskId();

    String runId();

    Instant logicalDate();

    DataInterval dataInterval();

    int tryNumber();

    int maxTries();

    /** The task type's own keys, templates rendered. */
    Map<String, Object> params();

    /** The project folder; relative paths in a DAG resolve against it. */
    Path projectDir();

    /**
     * The environment Weir gives every task: {@code WEIR_DAG_ID}, {@code WEIR_TASK_ID}, {@code WEIR_RUN_ID},
     * {@code WEIR_DS}, {@code WEIR_LOGICAL_DATE}, {@code WEIR_DATA_INTERVAL_START}, {@code WEIR_DATA_INTERVAL_END},
     * {@code WEIR_TRY_NUMBER}, {@code WEIR_XCOM_FILE}, {@code WEIR_PROJECT}, plus the task's declared secrets by name.
     * A task type that starts processes passes it on whole: the ids in it mark the try's processes, so that a
     * timeout, a cancel or crash recovery also ends those that left the process tree.
     */
    Map<String, String> environment();

    /** Where the task may write JSON that becomes its {@code return_value} XCom. */
    Path xcomFile();

    /**
     * Where a process the try starts records its exit status when it ends (a small supervisor around it appends a
     * line naming the try to this journal), so that whoever recovers the try after Weir died learns how it really
     * ended; empty when nothing recovers it.
     */
    default Optional<Path> exitStatusFile() {
        return Optional.empty();
    }

    TaskLog log();

    /**
     * A Weir variable by key, as {@code var.value.KEY} reads it in a template ({@code WEIR_VAR_<KEY>} in Weir's
     * environment first, then the metadata DB); empty when it is not set.
     */
    default Optional<String> variable(String key) {
        return Optional.empty();
    }

    /** The state this task kept in an earlier try or run (such as a Singer tap's bookmark), or empty. */
    default Optional<String> savedState() {
        return Optional.empty();
    }

    /** Keeps {@code state} for the task's later tries and runs, in the metadata DB; durable when this returns. */
    default void saveState(String state) {
        throw new UnsupportedOperationException("this try keeps no task state");
    }

    /**
     * Records a process the try started, so that a timeout, a clear, a mark or a crash recovery can end it and
     * everything it started.
     */
    void processStarted(ProcessHandle process);

    /**
     * The ledger of loaded files in the metadata database, for extracts that load each file once or skip unchanged
     * ones.
     *
     * @throws UnsupportedOperationException where the try has no metadata database
     */
    default LoadedFiles loadedFiles() {
        throw new UnsupportedOperationException(
                "task " + taskId() + " runs without a metadata database, so it keeps no" + " ledger of loaded files");
    }

    /**
     * Whether the try was cancelled (a timeout, a clear, a mark, a shutdown). Processes recorded with
     * {@link #processStarted} are ended for the task; a task that works in its own thread checks this regularly and
     * stops. Threads are not interrupted.
     */
    default boolean isCancelled() {
        return false;
    }
}
