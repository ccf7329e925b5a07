package io.weir.warehouse.load;

import io.weir.warehouse.WarehouseType;
import java.util.List;

/**
 * Rows a source hands over a batch at a time, column by column, as the values DuckDB stores (whole numbers, unscaled
 * decimals, days and microseconds since 1970, text and bytes), so that DuckDB takes them without parsing any text
 * ({@link DuckDbArrowWriter}). Only a DuckDB warehouse takes them, and only where Arrow works: a source asks
 * {@link TableLoader#columnarLoads()} before it opens such rows.
 */
public interface ColumnarRows extends RowSource {

    /** How each column's values travel, one per column of {@link #columns()}. */
    List<ColumnBatch.Carrier> carriers();

    /**
     * Adds the next rows to {@code batch}, from its row 0, until it is full, holds about {@link ColumnBatch#byteBudget()}
     * bytes, or the rows end.
     *
     * @return the rows added; 0 when there are no more
     */
    int nextBatch(ColumnBatch batch);

    @Override
    default boolean next(Object[] row) {
        throw new UnsupportedOperationException("columnar rows are read a batch at a time, not value by value");
    }

    /** The types DuckDB stores {@code columns} as, in order. */
    static LoadType[] storedInDuckDb(List<LoadColumn> columns) {
        return columns.stream()
                .map(column -> column.type().in(WarehouseType.DUCKDB))
                .toArray(LoadType[]::new);
    }

    /** Whether a decimal stored as {@code stored} travels as its unscaled number: it has at most 18 digits. */
    static boolean fitsLong(LoadType stored) {
        return stored.kind() == LoadType.Kind.DECIMAL && stored.precision() > 0 && stored.precision() <= 18;
    }
}
