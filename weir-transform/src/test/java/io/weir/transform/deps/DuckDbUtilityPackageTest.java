package io.weir.transform.deps;

import io.weir.warehouse.WarehouseTarget;
import io.weir.warehouse.testing.TestWarehouses;

class DuckDbUtilityPackageTest extends UtilityPackageContract {
    @Override
    WarehouseTarget target() {
        return TestWarehouses.duckdb(temp, "analytics");
    }
}
