package io.weir.warehouse.load;

/**
 * Rows a PostgreSQL source gives as lines of {@code COPY}'s text format, each value already written as PostgreSQL
 * reads it for the column's {@link LoadType}. A PostgreSQL warehouse copies the lines as they come, adding only the
 * load columns; other warehouses read the values through {@link RowSource#next}. A caller uses one of the two ways.
 */
public interface CopyTextRows extends RowSource {

    /**
     * The next row: its values in {@link #columns()} order, tab-separated, {@code \N} for null, backslash-escaped as
     * {@code COPY ... TO STDOUT} writes them, ending in a newline.
     *
     * @return the line, or null when there are no more rows
     */
    byte[] nextLine();
}
