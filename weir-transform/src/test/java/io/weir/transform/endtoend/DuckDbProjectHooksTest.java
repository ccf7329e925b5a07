package io.weir.transform.endtoend;

import io.weir.warehouse.WarehouseTarget;
import io.weir.warehouse.testing.TestWarehouses;

class DuckDbProjectHooksTest extends ProjectHooksContract {
    @Override
    WarehouseTarget target() {
        return TestWarehouses.duckdb(temp, "analytics");
    }
}
