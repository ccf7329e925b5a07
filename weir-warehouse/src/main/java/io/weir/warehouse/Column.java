package io.weir.warehouse;

import static java.util.Objects.requireNonNull;

/** A column of a relation or of a query's result, with the warehouse's name for its type. */
public record Column(String name, String dataType) {
    public Column {
        requireNonNull(name, "name is null");
        requireNonNull(dataType, "dataType is null");
    }
}
