package io.weir.extract.database;

import io.weir.warehouse.QueryResult;
import io.weir.warehouse.Warehouse;
import io.weir.warehouse.WarehouseSession;
import io.weir.warehouse.WarehouseType;
import io.weir.warehouse.testing.TestWarehouses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The warehouse an extract test loads into: the project's embedded DuckDB, or the test PostgreSQL database through
 * the LOAD flavor's variables, with RAW as its schemas.
 */
record WarehouseUnderTest(WarehouseType type, Path project, String postgresSchemaPrefix) {

    static WarehouseUnderTest duckdb(Path project) {
        return new WarehouseUnderTest(WarehouseType.DUCKDB, project, null);
    }

    static WarehouseUnderTest postgres(Path project) throws Exception {
        Files.writeString(project.resolve("weir.yaml"), "warehouse:\n  type: postgres\n");
        return new WarehouseUnderTest(WarehouseType.POSTGRES, project, TestWarehouses.uniqueSchema());
    }

    /** The variables the task gets: the LOAD flavor's URL for PostgreSQL. */
    Map<String, String> environment(Map<String, String> extra) {
        Map<String, String> environment = new HashMap<>(extra);
        if (type == WarehouseType.POSTGRES) {
            environment.put("WEIR_WAREHOUSE_LOAD_URL", TestWarehouses.postgresUrl());
        }
        return environment;
    }

    /** The RAW schema tables land in: a fresh one on PostgreSQL, so that runs of other trees never collide. */
    String rawSchema() {
        return postgresSchemaPrefix == null ? "tap_postgres" : postgresSchemaPrefix + "_raw";
    }

    /** How a query names a RAW table. */
    String raw(String table) {
        return (type == WarehouseType.DUCKDB ? "raw." : "") + rawSchema() + "." + table;
    }

    QueryResult query(String sql) {
        var target = type == WarehouseType.DUCKDB
                ? TestWarehouses.duckdb(project.resolve(".weir/warehouse"), "analytics")
                : TestWarehouses.postgres("analytics");
        try (Warehouse warehouse = Warehouse.open(target);
                WarehouseSession session = warehouse.session()) {
            return session.query(sql);
        }
    }

    void dropSchemas() {
        if (postgresSchemaPrefix != null) {
            TestWarehouses.dropPostgresSchemas(postgresSchemaPrefix);
        }
    }

    /** Work that may throw. */
    interface Work {
        void run() throws Exception;
    }

    /** Runs {@code work} with sources giving DuckDB their rows another way than Arrow batches (CSV, or value by value). */
    static void withoutArrowBatches(Work work) throws Exception {
        String before = System.getProperty("weir.duckdb.arrow");
        System.setProperty("weir.duckdb.arrow", "false");
        try {
            work.run();
        } finally {
            if (before == null) {
                System.clearProperty("weir.duckdb.arrow");
            } else {
                System.setProperty("weir.duckdb.arrow", before);
            }
        }
    }
}
