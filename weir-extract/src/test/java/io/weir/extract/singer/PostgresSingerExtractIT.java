package io.weir.extract.singer;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.weir.extract.testing.RawWarehouse;
import io.weir.warehouse.testing.TestWarehouses;
import java.nio.file.Path;

class PostgresSingerExtractIT extends SingerExtractContract {
    @Override
    RawWarehouse warehouse(Path project) throws Exception {
        assumeTrue(TestWarehouses.postgresAvailable());
        return RawWarehouse.postgres(project);
    }
}
