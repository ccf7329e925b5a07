package io.weir.transform.compile;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.weir.warehouse.WarehouseTarget;
import io.weir.warehouse.testing.TestWarehouses;

class PostgresCrossDatabaseMacrosIT extends CrossDatabaseMacrosContract {
    @Override
    WarehouseTarget target() {
        assumeTrue(TestWarehouses.postgresAvailable());
        return TestWarehouses.postgres("public");
    }
}
