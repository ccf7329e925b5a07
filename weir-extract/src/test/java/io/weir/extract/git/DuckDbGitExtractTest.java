package io.weir.extract.git;

import io.weir.extract.testing.RawWarehouse;
import java.nio.file.Path;

class DuckDbGitExtractTest extends GitExtractContract {
    @Override
    RawWarehouse warehouse(Path project) {
        return RawWarehouse.duckdb(project);
    }
}
