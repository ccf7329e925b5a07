package io.weir.extract.yaml;

import io.weir.extract.testing.RawWarehouse;
import java.nio.file.Path;

class DuckDbYamlExtractTest extends YamlExtractContract {
    @Override
    RawWarehouse warehouse(Path project) {
        return RawWarehouse.duckdb(project);
    }
}
