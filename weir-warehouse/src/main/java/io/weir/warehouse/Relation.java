package io.weir.warehouse;

import static java.util.Objects.requireNonNull;

/**
 * A table or view addressed as {@code database.schema.identifier}; the database may be null, and is then the
 * connection's own.
 */
public record Relation(String database, String schema, String identifier) {

    public Relation {
        requireNonNull(schema, "schema is null");
        requireNonNull(identifier, "identifier is null");
    }

    public Relation withIdentifier(String newIdentifier) {
        return new Relation(database, schema, newIdentifier);
    }

    /** The relation as SQL for {@code dialect}: each part quoted, as dbt renders it. */
    public String render(Dialect dialect) {
        StringBuilder sql = new StringBuilder();
        if (database != null) {
            sql.append(dialect.quote(database)).append('.');
        }
        return sql.append(dialect.quote(schema))
                .append('.')
                .append(dialect.quote(identifier))
                .toString();
    }

    @Override
    public String toString() {
        return (database == null ? "" : database + ".") + schema + "." + identifier;
    }
}
