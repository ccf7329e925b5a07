package io.weir.extract.files;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.weir.warehouse.QueryResult;
import io.weir.warehouse.Warehouse;
import io.weir.warehouse.WarehouseSession;
import io.weir.warehouse.testing.TestWarehouses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/** extract.files into PostgreSQL RAW, each test in its own schema {@code weir_extf_<random>}. */
class PostgresFilesExtractIT extends FilesExtractContract {
    private final String schema =
            "weir_extf_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);

    @Override
    void prepare(Path project) throws Exception {
        assumeTrue(TestWarehouses.postgresAvailable(), "no PostgreSQL at " + TestWarehouses.postgresUrl());
        Files.writeString(project.resolve("weir.yaml"), "warehouse:\n  type: postgres\n");
    }

    @Override
    void cleanUp() {
        TestWarehouses.dropPostgresSchemas(schema);
    }

    @Override
    Map<String, String> environment() {
        return Map.of("WEIR_WAREHOUSE_LOAD_URL", TestWarehouses.postgresUrl());
    }

    @Override
    String schema() {
        return schema;
    }

    @Override
    String raw(String table) {
        return schema + "." + table;
    }

    @Override
    QueryResult query(String sql) {
        try (Warehouse warehouse = Warehouse.open(TestWarehouses.postgres("public"));
                WarehouseSession session = warehouse.session()) {
            return session.query(sql);
        }
    }
}
