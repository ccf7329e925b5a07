package io.weir.warehouse.load;

import java.util.List;

/**
 * Rows a source can hand over a batch at a time, column by column, as the values DuckDB stores (whole numbers,
 * unscaled decimals, days and microseconds since 1970, text and bytes), so that DuckDB takes them without parsing
 * any text. A DuckDB warehouse loads such rows this way when it can ({@link DuckDbArrowWriter},
 * {@link TableLoader#columnarLoads()}); rows that are also {@link CopyCsvRows} go as CSV otherwise.
 */
public interface ColumnarRows extends RowSource {

    /** How each column's values travel, one per column of {@link #columns()}; set once the rows are opened. */
    List<ColumnBatch.Carrier> carriers();

    /**
     * Whether these rows can be read in batches at all; when not, they are read as CSV. Asked once, before the first
     * batch or chunk.
     */
    default boolean offersBatches() {
        return true;
    }

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
}
