package io.weir.transform.jinja;

import static java.util.Objects.requireNonNull;

/** A {@code source('source_name', 'table_name')} call found in a node. */
public record SourceRef(String sourceName, String tableName) {
    public SourceRef {
        requireNonNull(sourceName, "sourceName is null");
        requireNonNull(tableName, "tableName is null");
    }

    @Override
    public String toString() {
        return "source('" + sourceName + "', '" + tableName + "')";
    }
}
