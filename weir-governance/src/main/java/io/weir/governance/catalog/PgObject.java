package io.weir.governance.catalog;

import static java.util.Objects.requireNonNull;

/**
 * An object privileges are granted on.
 *
 * @param kind what it is
 * @param schema the schema of a table or of default privileges, or the schema itself; null for the database
 * @param name the database's, schema's or table's name; for default privileges the role that creates the tables
 */
public record PgObject(ObjectKind kind, String schema, String name) {
    public PgObject {
        requireNonNull(kind, "kind is null");
        requireNonNull(name, "name is null");
        if (kind != ObjectKind.DATABASE && schema == null) {
            throw new IllegalArgumentException(kind + " " + name + " needs a schema");
        }
    }

    public static PgObject database(String name) {
        return new PgObject(ObjectKind.DATABASE, null, name);
    }

    public static PgObject schema(String name) {
        return new PgObject(ObjectKind.SCHEMA, name, name);
    }

    public static PgObject table(String schema, String name) {
        return new PgObject(ObjectKind.TABLE, schema, name);
    }

    public static PgObject defaultTables(String schema, String creator) {
        return new PgObject(ObjectKind.DEFAULT_TABLES, schema, creator);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case DATABASE -> "database " + name;
            case SCHEMA -> "schema " + name;
            case TABLE -> "table " + schema + "." + name;
            case DEFAULT_TABLES -> "future tables of " + name + " in schema " + schema;
        };
    }
}
