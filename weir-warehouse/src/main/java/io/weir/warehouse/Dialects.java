package io.weir.warehouse;

/** The dialects of the supported warehouses. */
final class Dialects {
    static final Dialect DUCKDB = new Dialect() {
        @Override
        public WarehouseType type() {
            return WarehouseType.DUCKDB;
        }

        @Override
        public String floatType() {
            return "double";
        }
    };

    static final Dialect POSTGRES = new Dialect() {
        @Override
        public WarehouseType type() {
            return WarehouseType.POSTGRES;
        }

        @Override
        public String floatType() {
            return "float8";
        }
    };

    private Dialects() {}
}
