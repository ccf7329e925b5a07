package io.weir.transform.endtoend;

import io.weir.warehouse.WarehouseTarget;
import io.weir.warehouse.testing.TestWarehouses;

class DuckDbTransformTest extends TransformContract {
    @Override
    WarehouseTarget target() {
        return TestWarehouses.duckdb(dir, "analytics");
    }
}
