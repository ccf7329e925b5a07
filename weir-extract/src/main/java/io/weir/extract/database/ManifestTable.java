package io.weir.extract.database;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;

/**
 * One entry of a manifest's {@code tables:}, every key as the manifest says it.
 *
 * @param name the entry's name
 * @param line the entry's line in the manifest
 * @param primaryKey the columns of {@code export_table_primary_key} (comma-separated in the file)
 * @param additionalFiltering appended to the query after a space, or null
 * @param loadType the table's own {@code load_type}, or null to choose by the query's placeholders
 */
public record ManifestTable(
        String name,
        int line,
        String importDb,
        String importQuery,
        String exportDb,
        String exportSchema,
        String exportTable,
        List<String> primaryKey,
        String additionalFiltering,
        boolean advancedMetadata,
        LoadKind loadType) {
    public ManifestTable {
        requireNonNull(name, "name is null");
        requireNonNull(importDb, "importDb is null");
        requireNonNull(importQuery, "importQuery is null");
        requireNonNull(exportTable, "exportTable is null");
        primaryKey = List.copyOf(primaryKey);
    }

    /** The RAW table's name: {@code <import_db>_<export_table>} in lower case. */
    public String rawTableName() {
        return (importDb + "_" + exportTable).toLowerCase(Locale.ROOT);
    }
}
