package io.weir.extract.yaml;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.weir.extract.testing.RawWarehouse;
import io.weir.warehouse.testing.TestWarehouses;
import java.nio.file.Path;

class PostgresYamlExtractIT extends YamlExtractContract {
    @Override
    RawWarehouse warehouse(Path project) throws Exception {
        assumeTrue(TestWarehouses.postgresAvailable());
        return RawWarehouse.postgres(project);
    }
}
