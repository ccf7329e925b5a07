package io.weir.store.jdbi;

import static java.util.Objects.requireNonNull;

import io.weir.store.CleanupResult;
import java.time.Instant;
import org.jdbi.v3.core.Handle;

/** Counts or deletes the runs before a logical date with their task instances and XComs, children first. */
public final class RunCleanup {
    private static final String OLD_RUN = " EXISTS (SELECT 1 FROM dag_run r WHERE r.dag_id = t.dag_id"
            + " AND r.run_id = t.run_id AND r.logical_date < :before)";

    private RunCleanup() {}

    public static CleanupResult count(Handle handle, Instant before) {
        requireNonNull(before, "before is null");
        return new CleanupResult(
                count(handle, "SELECT COUNT(*) FROM dag_run WHERE logical_date < :before", before),
                count(handle, "SELECT COUNT(*) FROM task_instance t WHERE" + OLD_RUN, before),
                count(handle, "SELECT COUNT(*) FROM xcom t WHERE" + OLD_RUN, before),
                true);
    }

    public static CleanupResult delete(Handle handle, Instant before) {
        requireNonNull(before, "before is null");
        int xcoms = execute(handle, "DELETE FROM xcom t WHERE" + OLD_RUN, before);
        int taskInstances = execute(handle, "DELETE FROM task_instance t WHERE" + OLD_RUN, before);
        int dagRuns = execute(handle, "DELETE FROM dag_run WHERE logical_date < :before", before);
        return new CleanupResult(dagRuns, taskInstances, xcoms, false);
    }

    private static int count(Handle handle, String sql, Instant before) {
        return handle.createQuery(sql)
                .bindByType("before", before, Instant.class)
                .mapTo(Integer.class)
                .one();
    }

    private static int execute(Handle handle, String sql, Instant before) {
        return handle.createUpdate(sql)
                .bindByType("before", before, Instant.class)
                .execute();
    }
}
