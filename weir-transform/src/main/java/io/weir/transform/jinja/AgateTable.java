package io.weir.transform.jinja;

import io.weir.warehouse.QueryResult;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A query's result as dbt's {@code run_query} and {@code load_result(...)['table']} give it (an agate table):
 * {@code .rows} (each indexable by position), {@code .columns[i].values()}, {@code .column_names}, and iteration
 * over rows.
 */
public final class AgateTable implements Iterable<List<Object>> {
    private final QueryResult result;

    public AgateTable(QueryResult result) {
        this.result = result;
    }

    public static AgateTable empty() {
        return new AgateTable(new QueryResult(List.of(), List.of()));
    }

    public List<List<Object>> getRows() {
        return result.rows();
    }

    public List<AgateColumn> getColumns() {
        return IntStream.range(0, result.columns().size())
                .mapToObj(index -> new AgateColumn(result.columns().get(index).name(), index, result))
                .toList();
    }

    public List<String> getColumnNames() {
        return result.columns().stream().map(io.weir.warehouse.Column::name).toList();
    }

    /** Rows as lists of values, as {@code load_result(...)['data']} gives them. */
    public List<List<Object>> data() {
        return result.rows();
    }

    @Override
    public Iterator<List<Object>> iterator() {
        return result.rows().iterator();
    }

    @Override
    public String toString() {
        return "<table of " + result.rows().size() + " rows>";
    }

    /** One column of the table: {@code .name}, {@code .values()}, and iteration over its values. */
    public static final class AgateColumn implements Iterable<Object> {
        private final String name;
        private final int index;
        private final QueryResult result;

        AgateColumn(String name, int index, QueryResult result) {
            this.name = name;
            this.index = index;
            this.result = result;
        }

        public String getName() {
            return name;
        }

        public List<Object> values() {
            return result.column(index);
        }

        @Override
        public Iterator<Object> iterator() {
            return values().iterator();
        }

        @Override
        public String toString() {
            return values().toString();
        }
    }
}
