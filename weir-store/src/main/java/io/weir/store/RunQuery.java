package io.weir.store;

import static java.util.Objects.requireNonNull;

import io.weir.core.state.DagRunState;
import java.time.Instant;
import java.util.List;

/**
 * Which runs a listing wants and which page of them, so that filtering and paging happen in SQL. A null bound is no
 * bound; a run without a start or end date is outside any range on that date.
 *
 * @param dagIds the DAGs whose runs to list; empty for every DAG
 * @param states keep runs in one of these states; empty for all
 * @param orderBy the column to sort on; the run's row id breaks ties
 */
public record RunQuery(
        List<String> dagIds,
        List<DagRunState> states,
        Instant logicalFrom,
        Instant logicalTo,
        Instant startFrom,
        Instant startTo,
        Instant endFrom,
        Instant endTo,
        Order orderBy,
        boolean descending,
        int limit,
        int offset) {
    public RunQuery {
        dagIds = List.copyOf(dagIds);
        states = List.copyOf(states);
        requireNonNull(orderBy, "orderBy is null");
        if (limit < 0 || offset < 0) {
            throw new IllegalArgumentException("limit and offset must be 0 or more");
        }
    }

    /** The columns a run listing can be sorted on. */
    public enum Order {
        LOGICAL_DATE("logical_date"),
        START_DATE("start_date"),
        END_DATE("end_date"),
        RUN_ID("run_id"),
        DAG_ID("dag_id"),
        STATE("state"),
        ID("id");

        private final String column;

        Order(String column) {
            this.column = column;
        }

        public String column() {
            return column;
        }
    }
}
