package io.weir.transform.endtoend;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.weir.warehouse.WarehouseTarget;
import io.weir.warehouse.testing.TestWarehouses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

class PostgresProjectHooksIT extends ProjectHooksContract {
    private final String schema = "weir_dbtp_" + TestWarehouses.uniqueSchema();

    @BeforeEach
    void requirePostgres() {
        assumeTrue(TestWarehouses.postgresAvailable());
    }

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
