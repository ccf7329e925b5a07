package io.weir.transform.materialize;

import io.weir.warehouse.WarehouseTarget;
import java.nio.file.Path;

class PostgresModelsIT extends ModelsContract {
    @Override
    WarehouseTarget target(Path dir) {
        return postgres();
    }
}
