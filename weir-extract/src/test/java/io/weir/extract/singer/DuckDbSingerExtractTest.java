package io.weir.extract.singer;

import io.weir.extract.testing.RawWarehouse;
import java.nio.file.Path;

class DuckDbSingerExtractTest extends SingerExtractContract {
    @Override
    RawWarehouse warehouse(Path project) {
        return RawWarehouse.duckdb(project);
    }
}
