package io.weir.warehouse.load;

import io.weir.warehouse.Relation;
import io.weir.warehouse.WarehouseException;
import io.weir.warehouse.WarehouseType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a RAW table must change to take a load's columns: a new column is added, a wider type widens its column, and
 * any other change of type is refused before anything is changed.
 */
final class SchemaEvolution {

    /** One change: the statement's column and its new type, and whether it adds the column. */
    record Change(String column, LoadType type, boolean adds, String description) {}

    private SchemaEvolution() {}

    /**
     * The changes that let {@code table}, whose columns are {@code existing} (as the warehouse names their types),
     * take rows of {@code incoming}.
     *
     * @throws WarehouseException naming the table, column, old and new type when a column's type cannot widen
     */
    static List<Change> plan(
            Relation table, WarehouseType warehouse, Map<String, String> existing, List<LoadColumn> incoming) {
        Map<String, String> byLowerName = new LinkedHashMap<>();
        existing.forEach((name, type) -> byLowerName.put(name.toLowerCase(Locale.ROOT), type));
        List<Change> changes = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (LoadColumn column : incoming) {
            String oldName = byLowerName.get(column.name().toLowerCase(Locale.ROOT));
            LoadType wanted = column.type().in(warehouse);
            if (oldName == null) {
                changes.add(new Change(
                        column.name(), wanted, true, "added column " + column.name() + " " + wanted.sql(warehouse)));
                continue;
            }
            LoadType old = LoadType.parse(warehouse, oldName);
            if (wanted.fitsIn(old)) {
                continue;
            }
            if (old.fitsIn(wanted)) {
                changes.add(new Change(
                        column.name(),
                        wanted,
                        false,
                        "widened column " + column.name() + " from " + old.sql(warehouse) + " to "
                                + wanted.sql(warehouse)));
            } else {
                refused.add("column " + column.name() + " is " + old.sql(warehouse) + " in the table but the source"
                        + " now gives " + wanted.sql(warehouse));
            }
        }
        if (!refused.isEmpty()) {
            throw new WarehouseException("Cannot load into " + table + ": " + String.join("; ", refused)
                    + ", which does not widen it; the table is unchanged. Load it once with the replace mode (or"
                    + " load type sync) to rebuild it with the new types, or cast the column in the source query.");
        }
        return changes;
    }
}
