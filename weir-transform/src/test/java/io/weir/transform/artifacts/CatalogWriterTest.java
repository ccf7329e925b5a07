package io.weir.transform.artifacts;

import static io.weir.transform.run.TestManifest.config;
import static io.weir.transform.run.TestManifest.modelId;
import static io.weir.transform.run.TestManifest.sourceId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.transform.project.Manifest;
import io.weir.transform.run.TestManifest;
import io.weir.warehouse.Warehouse;
import io.weir.warehouse.WarehouseSession;
import io.weir.warehouse.WarehouseTarget;
import io.weir.warehouse.testing.TestWarehouses;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogWriterTest {
    @TempDir
    Path dir;

    @Test
    void describesTheTablesViewsAndSourcesOfADuckDbWarehouse() throws IOException {
        WarehouseTarget target = TestWarehouses.duckdb(dir, "analytics");
        try (Warehouse warehouse = Warehouse.open(target);
                WarehouseSession session = warehouse.session()) {
            session.execute("create schema if not exists raw.shop");
            session.execute("create table raw.shop.orders (id integer, amount double, placed_at timestamp)");
            session.execute("create schema if not exists analytics.analytics");
            session.execute("create table analytics.analytics.orders as select 1 as id, 2.5 as amount");
            session.execute("create view analytics.analytics.revenue as select sum(amount) as total from"
                    + " analytics.analytics.orders");
            JsonNode catalog = writeCatalog(manifest(target.database()), session);

            JsonNode orders = catalog.path("nodes").path(modelId("orders"));
            assertThat(orders.path("metadata").path("type").asText()).isEqualTo("BASE TABLE");
            assertThat(orders.path("metadata").path("schema").asText()).isEqualTo("analytics");
            assertThat(orders.path("metadata").path("name").asText()).isEqualTo("orders");
            assertThat(orders.path("metadata").path("database").asText()).isEqualTo("analytics");
            assertThat(orders.path("columns").path("id").path("type").asText()).isEqualTo("INTEGER");
            assertThat(orders.path("columns").path("id").path("index").asInt()).isEqualTo(1);
            assertThat(orders.path("columns").path("amount").path("index").asInt())
                    .isEqualTo(2);
            assertThat(orders.path("columns").path("amount").path("name").asText())
                    .isEqualTo("amount");
            assertThat(orders.path("stats").path("has_stats").path("value").asBoolean())
                    .isFalse();
            assertThat(orders.path("unique_id").asText()).isEqualTo(modelId("orders"));

            JsonNode revenue = catalog.path("nodes").path(modelId("revenue"));
            assertThat(revenue.path("metadata").path("type").asText()).isEqualTo("VIEW");
            assertThat(revenue.path("columns").fieldNames()).toIterable().containsExactly("total");

            assertThat(catalog.path("nodes").has(modelId("not_built"))).isFalse();

            JsonNode source = catalog.path("sources").path(sourceId("shop", "orders"));
            assertThat(source.path("metadata").path("database").asText()).isEqualTo("raw");
            assertThat(source.path("columns").fieldNames()).toIterable().containsExactly("id", "amount", "placed_at");
            assertThat(source.path("columns").path("placed_at").path("type").asText())
                    .isEqualTo("TIMESTAMP");
            assertThat(catalog.path("metadata").path("dbt_schema_version").asText())
                    .isEqualTo("https://schemas.getdbt.com/dbt/catalog/v1.json");
            assertThat(catalog.path("errors").isNull()).isTrue();
        }
    }

    @Test
    void describesAPostgresWarehouse() throws IOException {
        assumeTrue(TestWarehouses.postgresAvailable());
        String schema = TestWarehouses.uniqueSchema();
        WarehouseTarget target = TestWarehouses.postgres(schema);
        try (Warehouse warehouse = Warehouse.open(target);
                WarehouseSession session = warehouse.session()) {
            session.execute("create schema \"" + schema + "\"");
            session.execute("create table \"" + schema + "\".orders (id integer, amount numeric(10,2))");
            session.execute("create view \"" + schema + "\".revenue as select sum(amount) as total from \"" + schema
                    + "\".orders");
            Manifest manifest = new TestManifest(dir, target.database(), schema)
                    .model("orders.sql", config("materialized", "table"))
                    .model("revenue.sql", modelId("orders"))
                    .build();
            JsonNode catalog = writeCatalog(manifest, session);

            JsonNode orders = catalog.path("nodes").path(modelId("orders"));
            assertThat(orders.path("metadata").path("type").asText()).isEqualTo("BASE TABLE");
            assertThat(orders.path("metadata").path("database").asText()).isEqualTo(target.database());
            assertThat(orders.path("columns").path("id").path("type").asText()).isEqualTo("integer");
            assertThat(orders.path("columns").path("amount").path("type").asText())
                    .isEqualTo("numeric");
            assertThat(catalog.path("nodes")
                            .path(modelId("revenue"))
                            .path("metadata")
                            .path("type")
                            .asText())
                    .isEqualTo("VIEW");
        } finally {
            TestWarehouses.dropPostgresSchemas(schema);
        }
    }

    private JsonNode writeCatalog(Manifest manifest, WarehouseSession session) throws IOException {
        Path file = dir.resolve("target/catalog.json");
        CatalogWriter.write(manifest, session, file);
        return new ObjectMapper().readTree(file.toFile());
    }

    private Manifest manifest(String database) {
        return new TestManifest(dir, database, "analytics")
                .source("shop", "orders")
                .model("orders.sql", config("materialized", "table"), sourceId("shop", "orders"))
                .model("revenue.sql", modelId("orders"))
                .model("not_built.sql", modelId("orders"))
                .build();
    }
}
