package io.weir.warehouse.load;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Rows a PostgreSQL source gives as lines of {@code COPY ... TO STDOUT (FORMAT csv)}: comma-separated, quoted with
 * {@code "} where needed, an unquoted empty field for null, values as PostgreSQL writes them (ISO dates with a
 * {@code BC} suffix before year 1, {@code t}/{@code f}, bytea as {@code \x} and hex digits). A DuckDB warehouse reads
 * them in chunks with its own CSV reader instead of value by value; {@link #next} is not offered.
 */
public interface CopyCsvRows extends RowSource {

    /**
     * Writes the next whole lines, each ending in a newline, to {@code out} until at least {@code bytes} are written
     * or the rows end.
     *
     * @return what was written; no rows when there are no more
     */
    Chunk nextChunk(OutputStream out, long bytes) throws IOException;

    /** Lines written by one {@link #nextChunk}: how many, their bytes, and the longest line's bytes. */
    record Chunk(long rows, long bytes, int longestLine) {}

    @Override
    default boolean next(Object[] row) {
        throw new UnsupportedOperationException("CSV rows are read by the warehouse's CSV reader, not value by value");
    }
}
