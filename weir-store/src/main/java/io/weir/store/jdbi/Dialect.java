package io.weir.store.jdbi;

/** The few statements H2 and PostgreSQL need written differently. */
public enum Dialect {
    H2,
    POSTGRESQL;

    /**
     * Locks up to {@code :limit} rows of dag_run matching {@code where}, oldest logical date first, skipping rows other
     * transactions hold. PostgreSQL locks only the rows the LIMIT keeps. H2 locks every row it reads before sorting,
     * which would claim all matching runs, so it picks the candidates in a subquery first and locks only those: a
     * candidate another transaction holds is passed over rather than replaced by the next one.
     */
    String lockOldestRuns(String columns, String where) {
        return switch (this) {
            case POSTGRESQL -> "SELECT " + columns + " FROM dag_run WHERE " + where
                    + " ORDER BY logical_date, id LIMIT :limit FOR UPDATE SKIP LOCKED";
            case H2 -> "SELECT " + columns + " FROM dag_run WHERE id IN (SELECT id FROM dag_run WHERE " + where
                    + " ORDER BY logical_date, id LIMIT :limit) FOR UPDATE SKIP LOCKED";
        };
    }
}
