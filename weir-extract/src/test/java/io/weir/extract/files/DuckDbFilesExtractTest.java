package io.weir.extract.files;

import io.weir.warehouse.QueryResult;
import io.weir.warehouse.Warehouse;
import io.weir.warehouse.WarehouseSession;
import io.weir.warehouse.testing.TestWarehouses;
import java.util.Map;

/** extract.files into the project's embedded DuckDB warehouse. */
class DuckDbFilesExtractTest extends FilesExtractContract {

    @Override
    Map<String, String> environment() {
        return Map.of();
    }

    @Override
    String schema() {
        return "sheetload";
    }

    @Override
    String raw(String table) {
        return "raw.sheetload." + table;
    }

    @Override
    QueryResult query(String sql) {
        try (Warehouse warehouse =
                        Warehouse.open(TestWarehouses.duckdb(project.resolve(".weir/warehouse"), "analytics"));
                WarehouseSession session = warehouse.session()) {
            return session.query(sql);
        }
    }

    @Override
    void execute(String sql) {
        try (Warehouse warehouse =
                        Warehouse.open(TestWarehouses.duckdb(project.resolve(".weir/warehouse"), "analytics"));
                WarehouseSession session = warehouse.session()) {
            session.execute(sql);
        }
    }
}
