package io.weir.transform.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.transform.compile.Fixtures;
import io.weir.transform.compile.TransformProject;
import io.weir.transform.project.Node;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestWriterTest {
    @TempDir
    Path temp;

    @Test
    void writesDbtsManifestFields() throws IOException {
        TransformProject project =
                TransformProject.load(Fixtures.project("compile_shop"), Fixtures.duckdb(temp), Map.of(), Map.of());
        Node orders = project.manifest().nodes().get("model.shop.orders");
        String compiled = project.compile(orders, null, false);
        Path file = temp.resolve("target/manifest.json");
        ManifestWriter.write(project.manifest(), project.target(), Map.of(orders.uniqueId(), compiled), file);

        JsonNode manifest = new ObjectMapper().readTree(file.toFile());
        assertThat(manifest.at("/metadata/dbt_schema_version").asText()).contains("manifest/v12");
        assertThat(manifest.at("/metadata/adapter_type").asText()).isEqualTo("duckdb");
        assertThat(manifest.at("/metadata/project_name").asText()).isEqualTo("shop");

        JsonNode node = manifest.at("/nodes/model.shop.orders");
        assertThat(node.get("unique_id").asText()).isEqualTo("model.shop.orders");
        assertThat(node.get("resource_type").asText()).isEqualTo("model");
        assertThat(node.get("package_name").asText()).isEqualTo("shop");
        assertThat(node.get("fqn").toString()).isEqualTo("[\"shop\",\"marts\",\"orders\"]");
        assertThat(node.get("database").asText()).isEqualTo("analytics");
        assertThat(node.get("schema").asText()).isEqualTo("main");
        assertThat(node.get("alias").asText()).isEqualTo("fct_orders");
        assertThat(node.get("relation_name").asText()).isEqualTo("\"analytics\".\"main\".\"fct_orders\"");
        assertThat(node.at("/config/materialized").asText()).isEqualTo("incremental");
        assertThat(node.at("/config/unique_key").asText()).isEqualTo("id");
        assertThat(node.at("/depends_on/nodes").toString())
                .isEqualTo("[\"model.shop.stg_orders\",\"model.shop.stg_customers\"]");
        assertThat(node.at("/depends_on/macros").isArray()).isTrue();
        assertThat(node.get("raw_code").asText()).startsWith("{{ config(materialized='incremental'");
        assertThat(node.get("compiled_code").asText()).isEqualTo(compiled);
        assertThat(node.get("original_file_path").asText()).isEqualTo("models/marts/orders.sql");
        assertThat(node.get("tags").toString()).isEqualTo("[\"all\"]");

        JsonNode stgOrders = manifest.at("/nodes/model.shop.stg_orders");
        assertThat(stgOrders.get("description").asText()).isEqualTo("Orders as they arrived");
        assertThat(stgOrders.at("/columns/id/description").asText()).isEqualTo("The order");
        assertThat(stgOrders.has("compiled_code")).isFalse();

        JsonNode test = manifest.at("/nodes").properties().stream()
                .filter(entry -> entry.getKey().startsWith("test.shop.not_null_stg_orders_id."))
                .findFirst()
                .orElseThrow()
                .getValue();
        assertThat(test.at("/test_metadata/name").asText()).isEqualTo("not_null");
        assertThat(test.at("/test_metadata/kwargs/column_name").asText()).isEqualTo("id");
        assertThat(test.get("attached_node").asText()).isEqualTo("model.shop.stg_orders");
        assertThat(test.get("column_name").asText()).isEqualTo("id");

        JsonNode source = manifest.at("/sources/source.shop.raw.orders");
        assertThat(source.get("identifier").asText()).isEqualTo("raw_orders");
        assertThat(source.get("relation_name").asText()).isEqualTo("\"analytics\".\"landing\".\"raw_orders\"");
        assertThat(manifest.at("/macros/macro.shop.cents/macro_sql").asText()).startsWith("{% macro cents(column)");

        assertThat(manifest.at("/parent_map/model.shop.orders").toString())
                .isEqualTo("[\"model.shop.stg_customers\",\"model.shop.stg_orders\"]");
        assertThat(manifest.at("/child_map/source.shop.raw.payments").toString())
                .isEqualTo("[\"model.shop.stg_payments\"]");
        assertThat(manifest.at("/child_map/model.shop.orders").toString())
                .contains("test.shop.assert_orders_have_amount");
    }
}
