package io.weir.cli.output;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a list command prints: its column names in order and one map per row keyed by them (a missing key is an
 * empty cell). Names follow Airflow's CLI ({@code dag_id}, {@code run_id}, {@code logical_date}, ...) so scripts
 * written against it keep working.
 */
public record Rows(List<String> columns, List<Map<String, Object>> rows) {

    public Rows {
        columns = List.copyOf(columns);
        requireNonNull(rows, "rows is null");
        List<Map<String, Object>> copies = new ArrayList<>(rows.size());
        for (Map<String, Object> row : rows) {
            // LinkedHashMap rather than Map.copyOf: rows keep their key order and may hold nulls.
            copies.add(Collections.unmodifiableMap(new LinkedHashMap<>(row)));
        }
        rows = Collections.unmodifiableList(copies);
    }

    public static Builder builder(String... columns) {
        return new Builder(List.of(columns));
    }

    /** Collects rows whose values are given in column order. */
    public static final class Builder {
        private final List<String> columns;
        private final List<Map<String, Object>> rows = new ArrayList<>();

        private Builder(List<String> columns) {
            this.columns = columns;
        }

        public Builder add(Object... values) {
            if (values.length != columns.size()) {
                throw new IllegalArgumentException(
                        "row has " + values.length + " values for " + columns.size() + " columns " + columns);
            }
            Map<String, Object> row = new LinkedHashMap<>();
            for (int index = 0; index < values.length; index++) {
                row.put(columns.get(index), values[index]);
            }
            rows.add(row);
            return this;
        }

        public Rows build() {
            return new Rows(columns, rows);
        }
    }
}
