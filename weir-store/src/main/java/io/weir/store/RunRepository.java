package io.weir.store;

import io.weir.core.state.DagRunState;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** DAG runs. */
public interface RunRepository {

    /**
     * Inserts a run ({@code id} is ignored) and returns it with its id. Throws {@link DuplicateRunException} when a
     * run with the same (dag, run id) or (dag, logical date) exists.
     */
    DagRunRecord create(DagRunRecord run);

    Optional<DagRunRecord> find(String dagId, String runId);

    Optional<DagRunRecord> findByLogicalDate(String dagId, Instant logicalDate);

    /** Runs of a DAG, newest logical date first; state null means any. */
    List<DagRunRecord> list(String dagId, DagRunState state, int limit, int offset);

    int count(String dagId, DagRunState state);

    /** One page of the runs {@code query} selects, in its order. */
    List<DagRunRecord> list(RunQuery query);

    /** How many runs {@code query} selects, ignoring its limit and offset. */
    int count(RunQuery query);

    /** Runs of a DAG whose logical date is in [from, to], oldest first. */
    List<DagRunRecord> between(String dagId, Instant from, Instant to);

    /** The scheduled or backfill run with the latest logical date: the scheduler's watermark. */
    Optional<DagRunRecord> latestAutomated(String dagId);

    /** The run just before {@code logicalDate} by logical date, of any type (for depends_on_past). */
    Optional<DagRunRecord> previous(String dagId, Instant logicalDate);

    /** The latest successful run before {@code logicalDate} (for prev_data_interval_end_success). */
    Optional<DagRunRecord> previousSuccessful(String dagId, Instant logicalDate);

    /** Runs in a state across all DAGs, oldest logical date first. */
    List<DagRunRecord> withState(DagRunState state);

    /** Runs created after the run with id {@code id} (ids grow as runs are created), oldest first: a key range. */
    List<DagRunRecord> createdAfter(long id);

    /** The id of the latest run created, 0 with none. */
    long latestId();

    /**
     * Locks and returns the running or queued runs this job may schedule: unowned ones, its own, and those of jobs
     * in {@code deadJobIds}. Uses {@code FOR UPDATE SKIP LOCKED}, so a run another scheduler is working on right now
     * is passed over; the locks hold until the transaction ends.
     */
    List<DagRunRecord> lockSchedulable(long jobId, Collection<Long> deadJobIds, int limit);

    /** Locks one run ({@code FOR UPDATE SKIP LOCKED}); empty when it is gone or locked by someone else. */
    Optional<DagRunRecord> lock(long id);

    /**
     * Writes state, start and end dates if the stored run is still in state {@code expected}; returns whether it was.
     * Only {@link MetadataSession#apply(DagRunRecord, io.weir.core.state.RunEvent)} calls it.
     */
    boolean updateIf(DagRunRecord run, DagRunState expected);

    void setOwner(long id, Long ownerJobId);

    /** Deletes one run with its task instances and XComs; false when no such run exists. */
    boolean delete(String dagId, String runId);

    /** Deletes runs (and their task instances and XComs) with logical date before {@code before}; returns how many runs. */
    int deleteBefore(Instant before);
}
