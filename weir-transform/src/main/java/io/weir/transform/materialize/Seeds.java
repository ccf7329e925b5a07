package io.weir.transform.materialize;

import io.weir.warehouse.Column;
import io.weir.warehouse.Dialect;
import io.weir.warehouse.infer.ColumnKinds;
import io.weir.warehouse.infer.ValueKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The columns a seed's table gets: each CSV column's type inferred from its values (whole numbers to the integer
 * type, other numbers to the float type, {@code YYYY-MM-DD} to date, dates with times to timestamp, {@code true} and
 * {@code false} to boolean, anything else to text; empty and {@code null} are NULL), unless {@code column_types}
 * names it. Pure: reads the file, touches no warehouse.
 */
public final class Seeds {
    private Seeds() {}

    /** The columns of the comma-separated {@code csvFile}, in file order. */
    public static List<Column> inferColumns(Path csvFile, Map<String, String> columnTypes, Dialect dialect) {
        return inferColumns(csvFile, columnTypes, dialect, ',');
    }

    /**
     * The columns of {@code csvFile}, in file order.
     *
     * @param columnTypes types by column name that replace the inferred ones
     * @throws io.weir.transform.TransformException naming the file when it cannot be read or parsed
     */
    public static List<Column> inferColumns(
            Path csvFile, Map<String, String> columnTypes, Dialect dialect, char delimiter) {
        SeedFile file = SeedFile.read(csvFile, delimiter);
        return columns(file.header(), kinds(file), columnTypes, dialect);
    }

    static List<ValueKind> kinds(SeedFile file) {
        ColumnKinds kinds = new ColumnKinds(file.header().size());
        file.rows().forEach(kinds::add);
        return kinds.kinds();
    }

    static List<Column> columns(
            List<String> header, List<ValueKind> kinds, Map<String, String> columnTypes, Dialect dialect) {
        List<Column> columns = new ArrayList<>(header.size());
        for (int i = 0; i < header.size(); i++) {
            String override = override(columnTypes, header.get(i));
            columns.add(new Column(
                    header.get(i), override != null ? override : kinds.get(i).sqlType(dialect)));
        }
        return columns;
    }

    /** The configured type of {@code column}: its exact name first, then the name in another case. */
    static String override(Map<String, String> columnTypes, String column) {
        String exact = columnTypes.get(column);
        if (exact != null) {
            return exact;
        }
        return columnTypes.entrySet().stream()
                .filter(entry -> entry.getKey().equalsIgnoreCase(column))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
    }
}
