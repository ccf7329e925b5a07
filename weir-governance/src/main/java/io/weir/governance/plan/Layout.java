package io.weir.governance.plan;

import static java.util.Objects.requireNonNull;

/**
 * How a spec's {@code database.schema} names map to a PostgreSQL warehouse, which is one database: the spec's
 * {@code raw} and {@code analytics} both name schemas of it. A schema belongs to {@code analytics} when its name is
 * the warehouse's target schema or starts with it and {@code _} (as dbt names custom schemas:
 * {@code analytics_staging}, {@code analytics_sensitive}); every other schema belongs to {@code raw}
 * ({@code tap_postgres}, {@code sheetload}, {@code snapshots}).
 *
 * @param schemaPrefix what every managed schema's name starts with; empty for all schemas but {@code public} and
 *     PostgreSQL's own
 * @param analyticsSchema the warehouse's target schema ({@code warehouse.schema}, default {@code analytics})
 */
public record Layout(String schemaPrefix, String analyticsSchema) {
    public static final String RAW = "raw";
    public static final String ANALYTICS = "analytics";

    public Layout {
        requireNonNull(schemaPrefix, "schemaPrefix is null");
        requireNonNull(analyticsSchema, "analyticsSchema is null");
    }

    /** Whether the spec's {@code database} has schemas here. */
    public boolean maps(String database) {
        return RAW.equals(database) || ANALYTICS.equals(database);
    }

    /** The PostgreSQL schema of the spec's {@code database.schema} (the database is raw or analytics). */
    public String pgSchema(String schema) {
        return schemaPrefix + schema;
    }

    /** The spec database a PostgreSQL schema belongs to, or null when it is outside the managed schemas. */
    public String databaseOf(String pgSchema) {
        if (!pgSchema.startsWith(schemaPrefix)) {
            return null;
        }
        String schema = pgSchema.substring(schemaPrefix.length());
        return schema.equals(analyticsSchema) || schema.startsWith(analyticsSchema + "_") ? ANALYTICS : RAW;
    }

    /** The spec's name of a managed PostgreSQL schema. */
    public String specSchema(String pgSchema) {
        return pgSchema.substring(schemaPrefix.length());
    }
}
