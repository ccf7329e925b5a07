package io.weir.warehouse.load;

import java.util.Iterator;
import java.util.List;

/** Rows from a list, for tests; fails with {@code failure} after {@code failAfter} rows when that is set. */
final class ListRows implements RowSource {
    private final List<LoadColumn> columns;
    private final Iterator<List<Object>> rows;
    private final int failAfter;
    private int given;

    ListRows(List<LoadColumn> columns, List<List<Object>> rows) {
        this(columns, rows, -1);
    }

    ListRows(List<LoadColumn> columns, List<List<Object>> rows, int failAfter) {
        this.columns = columns;
        this.rows = rows.iterator();
        this.failAfter = failAfter;
    }

    @Override
    public List<LoadColumn> columns() {
        return columns;
    }

    @Override
    public boolean next(Object[] row) {
        if (given == failAfter) {
            throw new IllegalStateException("source connection lost after " + given + " rows");
        }
        if (!rows.hasNext()) {
            return false;
        }
        List<Object> values = rows.next();
        for (int i = 0; i < row.length; i++) {
            row[i] = values.get(i);
        }
        given++;
        return true;
    }
}
