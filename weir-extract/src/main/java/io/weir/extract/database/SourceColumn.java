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
        /** MariaDB's time, a duration from -838 to 838 hours: read as a time of day, failing outside one. */
        TIME_OF_DAY,
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
