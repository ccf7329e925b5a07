package io.weir.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The audit log: append-only entries of state-changing actions. */
public interface AuditRepository {

    /** Appends an entry and returns it with its id. */
    AuditRecord add(AuditRecord entry);

    /** Entries matching the filter, newest first. */
    default List<AuditRecord> list(Filter filter, int limit, int offset) {
        return list(filter, Order.WHEN, true, limit, offset);
    }

    /** Entries matching the filter sorted on {@code order}; the entry's id breaks ties, in the same direction. */
    List<AuditRecord> list(Filter filter, Order order, boolean descending, int limit, int offset);

    int count(Filter filter);

    Optional<AuditRecord> find(long id);

    /** The columns the audit log can be sorted on. */
    enum Order {
        ID("id"),
        WHEN("event_time"),
        DAG_ID("dag_id"),
        TASK_ID("task_id"),
        RUN_ID("run_id"),
        EVENT("event"),
        OWNER("username"),
        EXTRA("extra");

        private final String column;

        Order(String column) {
            this.column = column;
        }

        public String column() {
            return column;
        }
    }

    /**
     * Which entries to read; a null field matches everything.
     *
     * @param after entries at or after this time
     * @param before entries before this time
     */
    record Filter(String dagId, String event, String username, Instant after, Instant before) {
        public static final Filter ALL = new Filter(null, null, null, null, null);
    }
}
