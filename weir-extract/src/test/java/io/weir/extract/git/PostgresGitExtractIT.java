package io.weir.extract.git;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.weir.extract.testing.RawWarehouse;
import io.weir.warehouse.testing.TestWarehouses;
import java.nio.file.Path;

class PostgresGitExtractIT extends GitExtractContract {
    @Override
    RawWarehouse warehouse(Path project) throws Exception {
        assumeTrue(TestWarehouses.postgresAvailable());
        return RawWarehouse.postgres(project);
    }
}
