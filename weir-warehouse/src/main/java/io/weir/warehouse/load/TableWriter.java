package io.weir.warehouse.load;

import io.weir.warehouse.Relation;
import io.weir.warehouse.WarehouseSession;

/**
 * Streams rows into a table that already exists, by the same bulk path as {@link TableLoader} (DuckDB's appender,
 * PostgreSQL's {@code COPY FROM STDIN}) but without load columns: for tables whose columns are the rows' own, such as
 * dbt seeds. Runs on the session as it is, so inside the caller's transaction when there is one.
 */
public final class TableWriter {
    private TableWriter() {}

    /**
     * Writes every row of {@code rows} into {@code table}, whose columns are {@code rows.columns()} (on DuckDB, all of
     * them and in that order).
     *
     * @return the number of rows written
     */
    public static long write(WarehouseSession session, Relation table, RowSource rows) {
        return BulkWriter.of(session)
                .write(table, rows, null, null, count -> {})
                .rows();
    }
}
