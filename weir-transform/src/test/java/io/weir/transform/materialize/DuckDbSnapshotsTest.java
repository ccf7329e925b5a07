package io.weir.transform.materialize;

import io.weir.warehouse.WarehouseTarget;
import io.weir.warehouse.testing.TestWarehouses;
import java.nio.file.Path;

class DuckDbSnapshotsTest extends SnapshotsContract {
    @Override
    WarehouseTarget target(Path dir) {
        return TestWarehouses.duckdb(dir, "analytics");
    }
}
