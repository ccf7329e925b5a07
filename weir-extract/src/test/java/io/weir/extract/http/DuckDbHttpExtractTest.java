package io.weir.extract.http;

import io.weir.extract.testing.RawWarehouse;
import java.nio.file.Path;

class DuckDbHttpExtractTest extends HttpExtractContract {
    @Override
    RawWarehouse warehouse(Path project) {
        return RawWarehouse.duckdb(project);
    }

    @Override
    String rawDatabase() {
        return "raw.";
    }
}
