package io.weir.extract.database;

import static java.util.Objects.requireNonNull;

import io.weir.warehouse.Relation;

/**
 * One manifest table ready to run: its rendered query, how it loads and where.
 *
 * @param query the import query with its placeholders filled and {@code additional_filtering} appended
 * @param fullQuery the same for a whole copy (a sync): the window starts at 1970-01-01 and ends with the run's
 */
public record TablePlan(ManifestTable table, LoadKind loadType, String query, String fullQuery, Relation target) {
    public TablePlan {
        requireNonNull(table, "table is null");
        requireNonNull(loadType, "loadType is null");
        requireNonNull(query, "query is null");
        requireNonNull(fullQuery, "fullQuery is null");
        requireNonNull(target, "target is null");
    }
}
