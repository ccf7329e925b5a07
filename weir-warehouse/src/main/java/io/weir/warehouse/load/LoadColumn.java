package io.weir.warehouse.load;

import static java.util.Objects.requireNonNull;

/** A column a {@link RowSource} gives: its name in RAW and its type. */
public record LoadColumn(String name, LoadType type) {
    public LoadColumn {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a column name may not be blank");
        }
    }
}
