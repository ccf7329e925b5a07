package io.weir.transform.materialize;

import io.weir.warehouse.Column;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How a query's columns differ from a table's, names compared without regard to case.
 *
 * @param added columns of the query the table lacks
 * @param removed columns of the table the query lacks
 * @param retyped columns in both whose type differs, with the query's type
 */
record SchemaDiff(List<Column> added, List<Column> removed, List<Column> retyped) {
    SchemaDiff {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        retyped = List.copyOf(retyped);
    }

    static SchemaDiff between(List<Column> source, List<Column> target) {
        Map<String, Column> targetByName = byName(target);
        Map<String, Column> sourceByName = byName(source);
        List<Column> added = new ArrayList<>();
        List<Column> retyped = new ArrayList<>();
        for (Column column : source) {
            Column existing = targetByName.get(key(column.name()));
            if (existing == null) {
                added.add(column);
            } else if (!existing.dataType().equalsIgnoreCase(column.dataType())) {
                retyped.add(new Column(existing.name(), column.dataType()));
            }
        }
        List<Column> removed = target.stream()
                .filter(column -> !sourceByName.containsKey(key(column.name())))
                .toList();
        return new SchemaDiff(added, removed, retyped);
    }

    boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty() && retyped.isEmpty();
    }

    /** The differences as a sentence: {@code new columns: x (text); missing columns: y; changed types: z to text}. */
    String describe() {
        List<String> parts = new ArrayList<>();
        if (!added.isEmpty()) {
            parts.add("new columns " + join(added, column -> column.name() + " (" + column.dataType() + ")"));
        }
        if (!removed.isEmpty()) {
            parts.add("columns no longer selected " + join(removed, Column::name));
        }
        if (!retyped.isEmpty()) {
            parts.add("changed types " + join(retyped, column -> column.name() + " to " + column.dataType()));
        }
        return String.join("; ", parts);
    }

    private static String join(List<Column> columns, Function<Column, String> text) {
        return columns.stream().map(text).collect(Collectors.joining(", "));
    }

    private static Map<String, Column> byName(List<Column> columns) {
        return columns.stream().collect(Collectors.toMap(column -> key(column.name()), c -> c, (a, b) -> a));
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
