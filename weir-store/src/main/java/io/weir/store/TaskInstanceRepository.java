package io.weir.store;

import io.weir.core.state.TaskState;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Task instances. */
public interface TaskInstanceRepository {

    /** Inserts instances in one batch. */
    void insertAll(Collection<TaskInstanceRecord> instances);

    /** The instances of one run, in no particular order. */
    List<TaskInstanceRecord> forRun(String dagId, String runId);

    Optional<TaskInstanceRecord> find(String dagId, String runId, String taskId);

    /** Writes every column of each instance (keyed by dag, run, task) in one batch. */
    void updateAll(Collection<TaskInstanceRecord> instances);

    /**
     * Writes {@code next} only if the stored instance is still in state {@code expected} and owned by
     * {@code expectedJobId} (null matches any owner); returns whether it was written. Executors finish tries with
     * this, so a try that was cleared or marked meanwhile does not overwrite the new state.
     */
    boolean updateIf(TaskInstanceRecord next, TaskState expected, Long expectedJobId);

    /**
     * As {@link #updateIf}, and only if the stored instance is still at try {@code expectedTryNumber}: a worker
     * claiming an instance from a copy read before it ran again (a retry, a clear) is refused.
     */
    boolean claimIf(TaskInstanceRecord next, TaskState expected, Long expectedJobId, int expectedTryNumber);

    /** Instances in any of {@code states} across all runs. */
    List<TaskInstanceRecord> withStates(Collection<TaskState> states);

    /** Instances queued or running whose job is one of {@code jobIds}. */
    List<TaskInstanceRecord> activeForJobs(Collection<Long> jobIds);

    /** Instances of one run that have not finished (none, scheduled, queued, running, up_for_retry, ...). */
    int countUnfinished(String dagId, String runId);

    /** Slots taken in each pool by queued and running instances. */
    Map<String, Integer> occupiedPoolSlots();

    /** Queued and running instances per DAG. */
    Map<String, Integer> activeCountByDag();

    /** Instances of one task across the runs of a DAG, newest logical date first. */
    List<TaskInstanceRecord> forTask(String dagId, String taskId, int limit);
}
