package io.weir.transform.materialize;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.weir.warehouse.WarehouseTarget;
import io.weir.warehouse.testing.TestWarehouses;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

class PostgresSnapshotsIT extends SnapshotsContract {
    private final String schema = TestWarehouses.uniqueSchema();

    @BeforeAll
    static void requirePostgres() {
        assumeTrue(TestWarehouses.postgresAvailable());
    }

    @Override
    WarehouseTarget target(Path dir) {
        return TestWarehouses.postgres(schema);
    }

    @AfterEach
    void dropSchemas() {
        TestWarehouses.dropPostgresSchemas(schema);
    }
}
