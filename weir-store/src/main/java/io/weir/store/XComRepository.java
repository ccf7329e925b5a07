package io.weir.store;

import java.util.List;
import java.util.Optional;

/** XCom values keyed by (dag, run, task, key). */
public interface XComRepository {

    /** Inserts or replaces a value. */
    void put(XComRecord xcom);

    Optional<XComRecord> get(String dagId, String runId, String taskId, String key);

    List<XComRecord> forTask(String dagId, String runId, String taskId);

    /**
     * Values of the task instances that match, ordered by DAG, run, task and key; a null id matches every DAG, run or
     * task.
     */
    List<XComRecord> list(String dagId, String runId, String taskId, int limit, int offset);

    /** How many values {@link #list} would return without a limit. */
    int count(String dagId, String runId, String taskId);

    /** Removes a task's values (a new try starts with none). */
    void clear(String dagId, String runId, String taskId);
}
