package io.weir.warehouse.load;

import io.weir.warehouse.Relation;
import io.weir.warehouse.WarehouseSession;
import io.weir.warehouse.WarehouseType;
import java.time.OffsetDateTime;
import java.util.function.LongConsumer;

/**
 * Streams rows into an existing table by the warehouse's fastest bulk path, adding the two load columns to each row
 * when there is a stamp. The table's columns are the source's in order, then {@code _uploaded_at} and
 * {@code _weir_run_id}.
 */
interface BulkWriter {

    /** How often, in rows, {@code progress} hears the count so far. */
    long PROGRESS_EVERY = TableLoader.PROGRESS_EVERY;

    /**
     * Writes every row of {@code rows} into {@code table}; with a null {@code uploadedAt} and {@code runId}, only the
     * source's columns (the table has no load columns).
     *
     * @return the rows written and the size of their values as text
     */
    Written write(Relation table, RowSource rows, OffsetDateTime uploadedAt, String runId, LongConsumer progress);

    record Written(long rows, long bytes) {}

    static BulkWriter of(WarehouseSession session) {
        return session.dialect().type() == WarehouseType.POSTGRES
                ? new PostgresCopyWriter(session)
                : new DuckDbAppenderWriter(session);
    }
}
