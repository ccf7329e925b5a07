package io.weir.transform.compile;

import io.weir.warehouse.WarehouseTarget;
import io.weir.warehouse.testing.TestWarehouses;

class DuckDbCrossDatabaseMacrosTest extends CrossDatabaseMacrosContract {
    @Override
    WarehouseTarget target() {
        return TestWarehouses.duckdb(temp, "main");
    }
}
