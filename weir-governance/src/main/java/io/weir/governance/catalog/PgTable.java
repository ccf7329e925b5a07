package io.weir.governance.catalog;

import static java.util.Objects.requireNonNull;

/** A table, view or materialized view, with its owner. */
public record PgTable(String schema, String name, String owner, Kind kind) {
    public enum Kind {
        TABLE,
        VIEW,
        MATERIALIZED_VIEW
    }

    public PgTable {
        requireNonNull(schema, "schema is null");
        requireNonNull(name, "name is null");
        requireNonNull(owner, "owner is null");
        requireNonNull(kind, "kind is null");
    }
}
