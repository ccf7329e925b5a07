package io.weir.store;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** DAG rows and import errors. */
public interface DagRepository {

    /**
     * Inserts a DAG seen for the first time (paused as {@code pausedIfNew} says) or updates the row of a known one;
     * a known DAG keeps its paused flag and becomes active again.
     */
    void upsert(DagRecord dag, boolean pausedIfNew);

    Optional<DagRecord> find(String dagId);

    /** All DAGs, active and inactive, ordered by id. */
    List<DagRecord> list();

    /** One page of the DAGs {@code query} selects, in its order. */
    List<DagRecord> list(DagQuery query);

    /** How many DAGs {@code query} selects, ignoring its limit and offset. */
    int count(DagQuery query);

    /** Returns false when no such DAG exists. */
    boolean setPaused(String dagId, boolean paused);

    /**
     * Deletes a DAG's row, tags, runs, task instances and XComs; false when no such DAG exists. A DAG whose file is
     * still in the DAG folder is registered again by the next parse, without its history.
     */
    boolean delete(String dagId);

    /** Marks every active DAG whose id is not in {@code present} inactive (its file is gone). */
    void deactivateAllExcept(Collection<String> present);

    /** Replaces all import errors with the current ones. */
    void replaceImportErrors(List<ImportErrorRecord> errors);

    /** Import errors, ordered by file. */
    List<ImportErrorRecord> importErrors();
}
