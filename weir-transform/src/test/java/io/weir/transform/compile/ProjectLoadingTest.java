package io.weir.transform.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.transform.TransformException;
import io.weir.transform.project.Manifest;
import io.weir.transform.project.Node;
import io.weir.transform.project.ResourceType;
import io.weir.warehouse.Relation;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectLoadingTest {
    @TempDir
    Path temp;

    private Manifest shop() {
        return TransformProject.load(Fixtures.project("compile_shop"), Fixtures.duckdb(temp), Map.of(), Map.of())
                .manifest();
    }

    @Test
    void fileConfigWinsOverPropertiesWhichWinOverFolders() {
        Manifest manifest = shop();
        Node stgOrders = manifest.nodes().get("model.shop.stg_orders");
        assertThat(stgOrders.config().materialized()).isEqualTo("table");
        assertThat(stgOrders.config().tags()).containsExactly("all", "staging", "yaml");
        assertThat(stgOrders.description()).isEqualTo("Orders as they arrived");
        assertThat(stgOrders.columns()).containsKeys("id", "status", "customer_id");

        Node stgPayments = manifest.nodes().get("model.shop.stg_payments");
        assertThat(stgPayments.config().materialized())
                .as("file-level key in dbt_project.yml")
                .isEqualTo("table");
        assertThat(stgPayments.config().tags()).containsExactly("all", "staging", "payments");

        Node orders = manifest.nodes().get("model.shop.orders");
        assertThat(orders.config().materialized()).isEqualTo("incremental");
        assertThat(orders.config().string("unique_key")).isEqualTo("id");
        assertThat(orders.config().get("meta")).isEqualTo(Map.of("owner", "finance"));
        assertThat(manifest.nodes().get("model.shop.stg_customers").config().materialized())
                .isEqualTo("view");
    }

    @Test
    void relationsFollowTheDefaultNamingMacros() {
        Manifest manifest = shop();
        assertThat(relation(manifest, "model.shop.stg_orders"))
                .isEqualTo(new Relation("analytics", "main_staging", "stg_orders"));
        assertThat(relation(manifest, "model.shop.orders")).isEqualTo(new Relation("analytics", "main", "fct_orders"));
        assertThat(relation(manifest, "model.shop.order_totals"))
                .isEqualTo(new Relation("analytics", "main_finance", "order_totals"));
        assertThat(relation(manifest, "seed.shop.customers_seed"))
                .isEqualTo(new Relation("analytics", "main_raw_seeds", "customers_seed"));
        assertThat(relation(manifest, "snapshot.shop.orders_snapshot"))
                .as("snapshots keep target_schema as it is")
                .isEqualTo(new Relation("analytics", "snapshots", "orders_snapshot"));
        assertThat(manifest.sources().get("source.shop.raw.orders").relation())
                .isEqualTo(new Relation("analytics", "landing", "raw_orders"));
        assertThat(manifest.sources().get("source.shop.raw.payments").relation())
                .isEqualTo(new Relation("analytics", "landing", "payments"));
    }

    @Test
    void everyKindOfNodeIsFoundAndDisabledOnesAreLeftOut() {
        Manifest manifest = shop();
        assertThat(manifest.nodes()).doesNotContainKey("model.shop.disabled_model");
        assertThat(manifest.nodes().get("seed.shop.customers_seed").resourceType())
                .isEqualTo(ResourceType.SEED);
        Node snapshot = manifest.nodes().get("snapshot.shop.orders_snapshot");
        assertThat(snapshot.config().string("strategy")).isEqualTo("timestamp");
        assertThat(snapshot.dependsOn()).containsExactly("source.shop.raw.orders");
        assertThat(snapshot.fqn()).containsExactly("shop", "orders_snapshot", "orders_snapshot");
        Node analysis = manifest.nodes().get("analysis.shop.top_customers");
        assertThat(analysis.dependsOn()).containsExactly("model.shop.order_totals");
        assertThat(analysis.dependsOnMacros()).containsExactly("macro.shop.cents");
        Node singular = manifest.nodes().get("test.shop.assert_orders_have_amount");
        assertThat(singular.dependsOn()).containsExactly("model.shop.orders");
        assertThat(singular.config().string("severity")).isEqualTo("WARN");
        assertThat(manifest.macros()).containsKeys("macro.shop.cents", "macro.shop.test_positive");
        assertThat(manifest.nodes().get("model.shop.orders").fqn()).containsExactly("shop", "marts", "orders");
        assertThat(manifest.nodes().get("model.shop.orders").dependsOn())
                .containsExactly("model.shop.stg_orders", "model.shop.stg_customers");
    }

    @Test
    void aRefToAMissingModelSuggestsTheClosestName() {
        Fixtures.copy("shop", temp);
        Fixtures.write(temp, "models/marts/broken.sql", "select * from {{ ref('stg_order') }}");
        assertThatThrownBy(() -> TransformProject.load(temp, Fixtures.duckdb(temp), Map.of(), Map.of()))
                .isInstanceOf(TransformException.class)
                .hasMessageContaining("models/marts/broken.sql")
                .hasMessageContaining("ref('stg_order')")
                .hasMessageContaining("did you mean ref('stg_orders')?");
    }

    @Test
    void aRefToADisabledModelIsAnError() {
        Fixtures.copy("shop", temp);
        Fixtures.write(temp, "models/marts/uses_disabled.sql", "select * from {{ ref('disabled_model') }}");
        assertThatThrownBy(() -> TransformProject.load(temp, Fixtures.duckdb(temp), Map.of(), Map.of()))
                .hasMessageContaining("models/marts/uses_disabled.sql")
                .hasMessageContaining("disabled");
    }

    @Test
    void aCycleNamesTheModelsInIt() {
        Fixtures.write(temp, "dbt_project.yml", "name: loop\nprofile: loop\n");
        Fixtures.write(temp, "models/a.sql", "select * from {{ ref('b') }}");
        Fixtures.write(temp, "models/b.sql", "select * from {{ ref('a') }}");
        Fixtures.write(temp, "models/c.sql", "select 1 as x");
        assertThatThrownBy(() -> TransformProject.load(temp, Fixtures.duckdb(temp), Map.of(), Map.of()))
                .isInstanceOf(TransformException.class)
                .hasMessageContaining("cycle")
                .hasMessageContaining("model.loop.a")
                .hasMessageContaining("model.loop.b")
                .hasMessageNotContaining("model.loop.c");
    }

    @Test
    void twoModelsWithOneNameAreRefusedNamingBothFiles() {
        Fixtures.write(temp, "dbt_project.yml", "name: twins\nprofile: twins\n");
        Fixtures.write(temp, "models/a/orders.sql", "select 1 as x");
        Fixtures.write(temp, "models/b/orders.sql", "select 2 as x");
        assertThatThrownBy(() -> TransformProject.load(temp, Fixtures.duckdb(temp), Map.of(), Map.of()))
                .hasMessageContaining("models/a/orders.sql")
                .hasMessageContaining("models/b/orders.sql");
    }

    @Test
    void aJinjaErrorNamesTheFileAndLineWhenTheNodeCompiles() {
        Fixtures.write(temp, "dbt_project.yml", "name: bad\nprofile: bad\n");
        Fixtures.write(temp, "models/ok.sql", "select 1 as x");
        Fixtures.write(temp, "models/broken.sql", "select\n  1 as x,\n  {{ no_such_macro('x') }} as y\n");
        assertThatThrownBy(() ->
                        Fixtures.compileAll(TransformProject.load(temp, Fixtures.duckdb(temp), Map.of(), Map.of())))
                .isInstanceOf(TransformException.class)
                .hasMessageContaining("models/broken.sql")
                .hasMessageContaining("line 3")
                .hasMessageContaining("no_such_macro");
    }

    @Test
    void aSyntaxErrorInAMacroNamesTheMacroFileAndLine() {
        Fixtures.write(temp, "dbt_project.yml", "name: bad\nprofile: bad\n");
        Fixtures.write(temp, "models/ok.sql", "select 1 as x");
        Fixtures.write(temp, "macros/broken.sql", "\n\n{% macro broken() %}\n  {% if true %}\n{% endmacro %}\n");
        assertThatThrownBy(() -> TransformProject.load(temp, Fixtures.duckdb(temp), Map.of(), Map.of()))
                .isInstanceOf(TransformException.class)
                .hasMessageContaining("macros/broken.sql")
                .hasMessageContaining("line 5")
                .hasMessageContaining("endif");
    }

    @Test
    void aMissingProjectFileSaysWhatToDo() {
        assertThatThrownBy(() -> TransformProject.load(temp, Fixtures.duckdb(temp), Map.of(), Map.of()))
                .isInstanceOf(TransformException.class)
                .hasMessageContaining("No dbt_project.yml");
    }

    private static Relation relation(Manifest manifest, String id) {
        return manifest.nodes().get(id).relation();
    }
}
