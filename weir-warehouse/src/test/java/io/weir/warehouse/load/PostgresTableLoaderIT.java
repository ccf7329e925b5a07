package io.weir.warehouse.load;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.weir.warehouse.WarehouseTarget;
import io.weir.warehouse.testing.TestWarehouses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

class PostgresTableLoaderIT extends TableLoaderContract {
    private String schema;

    @BeforeEach
    @Override
    void open() {
        assumeTrue(TestWarehouses.postgresAvailable());
        schema = TestWarehouses.uniqueSchema();
        super.open();
    }

    @AfterEach
    void dropSchema() {
        if (schema != null) {
            TestWarehouses.dropPostgresSchemas(schema);
        }
    }

    @Override
    WarehouseTarget target() {
        return TestWarehouses.postgres(schema);
    }

    @Override
    String schema() {
        return schema;
    }
}
