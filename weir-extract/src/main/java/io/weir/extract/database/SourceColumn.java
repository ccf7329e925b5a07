package io.weir.extract.database;

import static java.util.Objects.requireNonNull;

import io.weir.warehouse.load.LoadColumn;

/** A result column: how it lands ({@link LoadColumn}) and how its value is read ({@link Reading}). */
record SourceColumn(LoadColumn column, Reading reading) {
    SourceColumn {
        requireNonNull(column, "column is null");
        requireNonNull(reading, "reading is null");
    }

    /** How a value is taken from the result set. */
    enum Reading {
        BOOLEAN,
        SHORT,
        INT,
        LONG,
        DECIMAL,
        FLOAT,
        DOUBLE,
        STRING,
        DATE,
        TIME,
        TIMESTAMP,
        TIMESTAMPTZ,
        UUID,
        BYTES,
        ARRAY_AS_JSON,
        TEXT_DATE,
        TEXT_TIMESTAMP,
        SQLITE_BOOLEAN
    }
}
