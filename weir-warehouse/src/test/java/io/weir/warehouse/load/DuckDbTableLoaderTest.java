package io.weir.warehouse.load;

import io.weir.warehouse.WarehouseTarget;
import io.weir.warehouse.testing.TestWarehouses;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class DuckDbTableLoaderTest extends TableLoaderContract {
    @TempDir
    Path dir;

    @Override
    WarehouseTarget target() {
        return TestWarehouses.duckdb(dir, "analytics");
    }

    @Override
    String schema() {
        return "tap_postgres";
    }
}
