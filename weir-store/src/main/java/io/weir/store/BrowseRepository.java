package io.weir.store;

import io.weir.core.state.DagRunState;
import io.weir.core.state.RunType;
import io.weir.core.state.TaskState;
import java.time.Instant;
import java.util.List;

/** The Browse pages' reads: runs and task instances across DAGs, filtered, sorted and paged in SQL. */
public interface BrowseRepository {
    List<DagRunRecord> runs(Filter filter, Sort sort, int limit, int offset);

    int countRuns(Filter filter);

    /** Task instances with their run's logical date; {@code filter.state} is a task state here. */
    List<BrowsedTaskInstance> taskInstances(Filter filter, Sort sort, int limit, int offset);

    int countTaskInstances(Filter filter);

    /**
     * Which rows to read; a null field matches everything. {@code runState} filters runs, {@code taskState} task
     * instances; {@code from} and {@code to} bound the logical date, both inclusive.
     */
    record Filter(String dagId, DagRunState runState, TaskState taskState, RunType runType, Instant from, Instant to) {
        public static final Filter ALL = new Filter(null, null, null, null, null, null);
    }

    /** A sort column by name ({@link #COLUMNS}; anything else sorts by logical date) and its direction. */
    record Sort(String column, boolean descending) {
        public static final List<String> COLUMNS =
                List.of("logical_date", "dag_id", "run_id", "task_id", "state", "run_type", "start_date", "end_date");
        public static final Sort NEWEST_FIRST = new Sort("logical_date", true);

        public Sort {
            column = COLUMNS.contains(column) ? column : "logical_date";
        }
    }

    /** A task instance and the logical date of its run. */
    record BrowsedTaskInstance(TaskInstanceRecord instance, Instant logicalDate) {}
}
