package io.weir.governance.spec;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * A name in a spec's privileges or {@code owns}: {@code database}, {@code database.schema} or
 * {@code database.schema.table}, where the schema and table parts may hold {@code *} wildcards ({@code raw.*},
 * {@code raw.snowplow_*}, {@code analytics.analytics.*}).
 *
 * @param database the database part, never a wildcard
 * @param schema the schema part, or null for a database
 * @param table the table part, or null for a database or schema
 * @param line where the spec writes it, for messages
 */
public record ObjectPattern(String database, String schema, String table, int line) {

    public ObjectPattern {
        requireNonNull(database, "database is null");
        if (table != null && schema == null) {
            throw new IllegalArgumentException("a table pattern needs a schema: " + database + ".?." + table);
        }
    }

    /** Whether {@code name} matches the schema part. */
    public boolean matchesSchema(String name) {
        return matches(schema, name);
    }

    /** Whether {@code name} matches the table part. */
    public boolean matchesTable(String name) {
        return matches(table, name);
    }

    /** Whether the table part is the whole-schema wildcard {@code *}, which also covers tables created later. */
    public boolean allTables() {
        return "*".equals(table);
    }

    public boolean schemaHasWildcard() {
        return schema != null && schema.contains("*");
    }

    private static boolean matches(String pattern, String name) {
        if (pattern == null) {
            return false;
        }
        if (!pattern.contains("*")) {
            return pattern.equals(name);
        }
        if (pattern.equals("*")) {
            return true;
        }
        StringBuilder regex = new StringBuilder();
        String[] parts = pattern.split("\\*", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(parts[i]));
        }
        return Pattern.matches(regex.toString(), name);
    }

    @Override
    public String toString() {
        return database + (schema == null ? "" : "." + schema) + (table == null ? "" : "." + table);
    }
}
