package io.weir.warehouse;

import java.util.List;

/** The rows of a query, each a list of JDBC values in column order. */
public record QueryResult(List<Column> columns, List<List<Object>> rows) {
    public QueryResult {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    /** The values of the column at {@code index}, one per row. */
    public List<Object> column(int index) {
        return rows.stream().map(row -> row.get(index)).toList();
    }
}
