package io.weir.transform.compile;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.transform.project.Manifest;
import io.weir.warehouse.Relation;
import io.weir.warehouse.WarehouseTarget;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NamingMacrosTest {
    @TempDir
    Path temp;

    private Manifest load(String targetName) {
        WarehouseTarget target =
                WarehouseTarget.duckdb(targetName, temp.resolve("warehouse.duckdb"), "dbt_ann", 1, Map.of());
        return TransformProject.load(Fixtures.project("custom_schema"), target, Map.of(), Map.of())
                .manifest();
    }

    @Test
    void theProjectsOwnNamingMacrosAreObeyed() {
        Manifest dev = load("dev");
        assertThat(dev.nodes().get("model.naming.stg_orders").relation())
                .isEqualTo(new Relation("warehouse", "dbt_ann_staging_model", "orders"));
        assertThat(dev.nodes().get("model.naming.named").relation())
                .isEqualTo(new Relation("warehouse", "dbt_ann_staging_model", "orders_named"));
        assertThat(dev.nodes().get("model.naming.report").relation())
                .as("a null schema in a sub-folder unsets the parent's")
                .isEqualTo(new Relation("warehouse", "dbt_ann", "report"));
        assertThat(dev.nodes().get("seed.naming.countries").relation())
                .isEqualTo(new Relation("warehouse", "dbt_ann", "countries"));

        Manifest prod = load("prod");
        assertThat(prod.nodes().get("model.naming.stg_orders").relation())
                .isEqualTo(new Relation("warehouse", "staging", "orders"));
    }

    @Test
    void refsRenderTheRenamedRelations() {
        WarehouseTarget target =
                WarehouseTarget.duckdb("dev", temp.resolve("warehouse.duckdb"), "dbt_ann", 1, Map.of());
        TransformProject project = TransformProject.load(Fixtures.project("custom_schema"), target, Map.of(), Map.of());
        assertThat(project.compile(project.manifest().nodes().get("model.naming.report"), null, false))
                .isEqualTo("select * from \"warehouse\".\"dbt_ann_staging_model\".\"orders\"\n");
    }
}
