package io.weir.transform.endtoend;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.weir.warehouse.WarehouseTarget;
import io.weir.warehouse.testing.TestWarehouses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

class PostgresTransformIT extends TransformContract {
    private String schema;

    @BeforeEach
    void requirePostgres() {
        assumeTrue(TestWarehouses.postgresAvailable());
        schema = TestWarehouses.uniqueSchema();
    }

    @AfterEach
    void dropSchemas() {
        if (schema != null) {
            TestWarehouses.dropPostgresSchemas(schema);
            TestWarehouses.dropPostgresSchemas("snapshots");
        }
    }

    @Override
    WarehouseTarget target() {
        return TestWarehouses.postgres(schema);
    }
}
