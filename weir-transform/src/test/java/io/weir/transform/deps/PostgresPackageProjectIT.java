package io.weir.transform.deps;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.weir.warehouse.WarehouseTarget;
import io.weir.warehouse.testing.TestWarehouses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

class PostgresPackageProjectIT extends PackageProjectContract {
    private final String schema = "weir_dbtp_" + TestWarehouses.uniqueSchema();

    @BeforeEach
    void requirePostgres() {
        assumeTrue(TestWarehouses.postgresAvailable());
    }

    /** Drops the target schema and every schema named after it, such as the helpers package's. */
    @AfterEach
    void dropSchemas() {
        if (TestWarehouses.postgresAvailable()) {
            TestWarehouses.dropPostgresSchemas(schema);
        }
    }

    @Override
    WarehouseTarget target() {
        return TestWarehouses.postgres(schema);
    }
}
