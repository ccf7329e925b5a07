package io.weir.store;

import java.time.Instant;
import java.util.Optional;

/** The state each task keeps across its runs (a Singer tap's bookmark), one value per task of a DAG. */
public interface TaskStateRepository {

    Optional<String> get(String dagId, String taskId);

    /** Replaces the task's state; {@code runId} is the run that wrote it. */
    void put(String dagId, String taskId, String value, String runId, Instant at);

    /** Forgets the task's state, so its next run starts afresh; false when it kept none. */
    boolean delete(String dagId, String taskId);
}
