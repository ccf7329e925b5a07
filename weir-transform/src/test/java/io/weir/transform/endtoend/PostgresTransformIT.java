package io.weir.transform.endtoend;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.weir.warehouse.WarehouseTarget;
import io.weir.warehouse.testing.TestWarehouses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

class PostgresTransformIT extends TransformContract {
    /** Named before any set-up runs, since the contract's set-up names the snapshots' schema after it. */
    private final String schema = TestWarehouses.uniqueSchema();

    @BeforeEach
    void requirePostgres() {
        assumeTrue(TestWarehouses.postgresAvailable());
    }

    /** Drops the target schema and every schema named after it: staging, snapshots. */
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
