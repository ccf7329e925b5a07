package io.weir.warehouse;

/** What differs in SQL between the warehouses Weir supports. */
public interface Dialect {

    WarehouseType type();

    /** Quotes an identifier, doubling embedded quotes. */
    default String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** Quotes a string literal, doubling embedded quotes. */
    default String literal(String value) {
        return value == null ? "null" : "'" + value.replace("'", "''") + "'";
    }

    /** The type of text columns. */
    default String textType() {
        return "text";
    }

    /** The type of integer columns. */
    default String integerType() {
        return "bigint";
    }

    /** The type of non-integer numbers. */
    String floatType();

    default String booleanType() {
        return "boolean";
    }

    default String dateType() {
        return "date";
    }

    /** The type of timestamps without time zone. */
    default String timestampType() {
        return "timestamp";
    }

    static Dialect of(WarehouseType type) {
        return switch (type) {
            case DUCKDB -> Dialects.DUCKDB;
            case POSTGRES -> Dialects.POSTGRES;
        };
    }
}
