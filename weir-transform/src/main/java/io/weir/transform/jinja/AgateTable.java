package io.weir.transform.jinja;

import io.weir.warehouse.QueryResult;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A query's result as dbt's {@code run_query} and {@code load_result(...)['table']} give it (an agate table):
 * {@code .rows} (each indexable by position or column name), {@code .columns[i].values()} (also {@code .columns['name']} and
 * {@code .columns.items()}), {@code .column_names}, and iteration
 * over rows.
 */
public final class AgateTable implements Iterable<AgateTable.Row> {
    private final QueryResult result;

    public AgateTable(QueryResult result) {
        this.result = result;
    }

    public static AgateTable empty() {
        return new AgateTable(new QueryResult(List.of(), List.of()));
    }

    public List<Row> getRows() {
        List<String> names = getColumnNames();
        return result.rows().stream().map(values -> new Row(names, values)).toList();
    }

    public Columns getColumns() {
        return new Columns(IntStream.range(0, result.columns().size())
                .mapToObj(index -> new AgateColumn(result.columns().get(index).name(), index, result))
                .toList());
    }

    public List<String> getColumnNames() {
        return result.columns().stream().map(io.weir.warehouse.Column::name).toList();
    }

    /** Rows as lists of values, as {@code load_result(...)['data']} gives them. */
    public List<List<Object>> data() {
        return result.rows();
    }

    @Override
    public Iterator<Row> iterator() {
        return getRows().iterator();
    }

    @Override
    public String toString() {
        return "<table of " + result.rows().size() + " rows>";
    }

    /** One row: its values by position ({@code row[0]}) or by column name ({@code row.table_name}), and in order. */
    public static final class Row implements Iterable<Object>, PythonModule {
        private final List<String> names;
        private final List<Object> values;

        Row(List<String> names, List<Object> values) {
            this.names = names;
            this.values = values;
        }

        @Override
        public Iterator<Object> iterator() {
            return values.iterator();
        }

        @Override
        public Object attribute(String name) {
            if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
                int index = Integer.parseInt(name);
                return index < values.size() ? values.get(index) : UNKNOWN;
            }
            int index = names.indexOf(name);
            return index < 0 ? UNKNOWN : values.get(index);
        }

        @Override
        public Object call(String name, List<Object> positional, Map<String, Object> keywords) {
            return switch (name) {
                case "keys" -> names;
                case "values" -> values;
                case "items" -> IntStream.range(0, names.size())
                        .mapToObj(index -> java.util.Arrays.asList(names.get(index), values.get(index)))
                        .toList();
                default -> UNKNOWN;
            };
        }

        @Override
        public String toString() {
            return values.toString();
        }
    }

    /**
     * The columns, by position ({@code columns[0]}) and by name ({@code columns['id']}), with a dict's {@code
     * keys()}, {@code values()} and {@code items()}, as agate's columns are.
     */
    public static final class Columns implements Iterable<AgateColumn>, PythonModule {
        private final List<AgateColumn> columns;

        Columns(List<AgateColumn> columns) {
            this.columns = columns;
        }

        @Override
        public Iterator<AgateColumn> iterator() {
            return columns.iterator();
        }

        /** A column by position ({@code columns[0]}) or by name ({@code columns['id']}). */
        @Override
        public Object attribute(String name) {
            if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
                int index = Integer.parseInt(name);
                return index < columns.size() ? columns.get(index) : UNKNOWN;
            }
            return columns.stream()
                    .filter(column -> column.getName().equals(name))
                    .findFirst()
                    .map(Object.class::cast)
                    .orElse(UNKNOWN);
        }

        @Override
        public Object call(String name, List<Object> positional, Map<String, Object> keywords) {
            return switch (name) {
                case "keys" -> columns.stream().map(AgateColumn::getName).toList();
                case "values" -> columns;
                case "items" -> columns.stream()
                        .map(column -> List.<Object>of(column.getName(), column))
                        .toList();
                default -> UNKNOWN;
            };
        }
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
