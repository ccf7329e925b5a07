package io.weir.store;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Which DAGs a listing wants and which page of them, so that filtering and paging happen in SQL.
 *
 * @param active true or false to keep only active or inactive DAGs; null for both
 * @param paused true or false to keep only paused or unpaused DAGs; null for both
 * @param idContains keep DAGs whose id contains this text, ignoring case; null for all
 * @param tags keep DAGs with at least one of these tags; empty for all
 * @param orderBy the column to sort on; the DAG id breaks ties
 */
public record DagQuery(
        Boolean active,
        Boolean paused,
        String idContains,
        List<String> tags,
        Order orderBy,
        boolean descending,
        int limit,
        int offset) {
    public DagQuery {
        tags = List.copyOf(tags);
        requireNonNull(orderBy, "orderBy is null");
        if (limit < 0 || offset < 0) {
            throw new IllegalArgumentException("limit and offset must be 0 or more");
        }
    }

    /** The same selection and order, every row of it. */
    public DagQuery unpaged() {
        return new DagQuery(active, paused, idContains, tags, orderBy, descending, Integer.MAX_VALUE, 0);
    }

    /** The columns a DAG listing can be sorted on. */
    public enum Order {
        DAG_ID("dag_id"),
        IS_PAUSED("is_paused"),
        FILELOC("fileloc"),
        LAST_PARSED("last_parsed");

        private final String column;

        Order(String column) {
            this.column = column;
        }

        public String column() {
            return column;
        }
    }
}
