package io.weir.transform.deps;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.weir.warehouse.WarehouseTarget;
import io.weir.warehouse.testing.TestWarehouses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

class PostgresUtilityPackageIT extends UtilityPackageContract {
    private final String schema = "weir_dbtj_" + TestWarehouses.uniqueSchema();

    @BeforeEach
    void requirePostgres() {
        assumeTrue(TestWarehouses.postgresAvailable());
    }

    /** Drops the target schema and every schema named after it, such as the test audit schema. */
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
