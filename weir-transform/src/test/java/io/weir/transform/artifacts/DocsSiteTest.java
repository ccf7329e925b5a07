package io.weir.transform.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.transform.TransformException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocsSiteTest {
    private static final String MANIFEST =
            """
            {
              "metadata": {"project_name": "shop", "dbt_schema_version": "https://schemas.getdbt.com/dbt/manifest/v12.json"},
              "nodes": {
                "model.shop.orders": {
                  "unique_id": "model.shop.orders", "name": "orders", "resource_type": "model",
                  "description": "One row per order </script><script>alert(1)</script>",
                  "config": {"materialized": "table"}, "tags": ["finance"],
                  "relation_name": "\\"analytics\\".\\"analytics\\".\\"orders\\"",
                  "original_file_path": "models/orders.sql",
                  "raw_code": "select * from {{ source('raw', 'orders') }}",
                  "compiled_code": "select * from \\"raw\\".\\"raw\\".\\"orders\\"",
                  "columns": {"id": {"name": "id", "description": "The order's key", "data_type": null}},
                  "depends_on": {"nodes": ["source.shop.raw.orders"]}
                },
                "model.shop.revenue": {
                  "unique_id": "model.shop.revenue", "name": "revenue", "resource_type": "model",
                  "description": "", "config": {"materialized": "view"}, "columns": {},
                  "raw_code": "select sum(amount) from {{ ref('orders') }}",
                  "depends_on": {"nodes": ["model.shop.orders"]}
                },
                "test.shop.not_null_orders_id.abc": {
                  "unique_id": "test.shop.not_null_orders_id.abc", "name": "not_null_orders_id",
                  "resource_type": "test", "columns": {}, "depends_on": {"nodes": ["model.shop.orders"]}
                }
              },
              "sources": {
                "source.shop.raw.orders": {
                  "unique_id": "source.shop.raw.orders", "name": "orders", "source_name": "raw",
                  "resource_type": "source", "description": "Orders as the shop's database has them", "columns": {}
                }
              },
              "parent_map": {
                "model.shop.orders": ["source.shop.raw.orders"],
                "model.shop.revenue": ["model.shop.orders"],
                "test.shop.not_null_orders_id.abc": ["model.shop.orders"],
                "source.shop.raw.orders": []
              },
              "child_map": {
                "source.shop.raw.orders": ["model.shop.orders"],
                "model.shop.orders": ["model.shop.revenue", "test.shop.not_null_orders_id.abc"],
                "model.shop.revenue": [],
                "test.shop.not_null_orders_id.abc": []
              }
            }
            """;

    private static final String CATALOG =
            """
            {"nodes": {"model.shop.orders": {"metadata": {"type": "BASE TABLE"},
               "columns": {"id": {"type": "INTEGER", "index": 1, "name": "id"},
                           "amount": {"type": "DOUBLE", "index": 2, "name": "amount"}}}},
             "sources": {}}
            """;

    @TempDir
    Path dir;

    @Test
    void writesOnePageWithTheManifestAndCatalogInside() throws IOException {
        Path page = writeSite();

        String html = Files.readString(page);
        assertThat(html)
                .contains("\"model.shop.orders\"")
                .contains("One row per order <\\/script><script>alert(1)<\\/script>")
                .contains("\"amount\": {\"type\": \"DOUBLE\"")
                .doesNotContain("__weir_manifest__")
                .doesNotContain("__weir_catalog__");
        assertThat(html.split("</script>", -1)).hasSize(4);
        assertThat(html)
                .doesNotContainPattern("(?i)<script[^>]+src=")
                .doesNotContainPattern("(?i)<link[^>]+href=")
                .doesNotContainPattern("(?i)(src|href)\\s*=\\s*[\"']?(https?:)?//")
                .doesNotContainPattern("(?i)@import|url\\(\\s*[\"']?https?:|fetch\\(|XMLHttpRequest");
        assertThat(template()).doesNotContainPattern("https?://(?!www\\.w3\\.org/2000/svg\")");
    }

    @Test
    void thePageListsNodesAndDrawsTheChosenNodesLineage() throws Exception {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            assertThat(nodeAvailable())
                    .as("CI=true needs Node.js to run the docs page's script (apt-get install nodejs)")
                    .isTrue();
        }
        assumeTrue(nodeAvailable(), "node is needed to run the page's script");
        Path page = writeSite();
        Path harness = dir.resolve("harness.js");
        try (InputStream in = getClass().getResourceAsStream("docs-page-harness.js")) {
            Files.copy(in, harness);
        }
        Process process = new ProcessBuilder("node", harness.toString(), page.toString(), "model.shop.orders")
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();

        JsonNode rendered = new ObjectMapper().readTree(output);
        assertThat(rendered.path("project").asText()).isEqualTo("shop");
        assertThat(texts(rendered.path("listed")))
                .containsExactly("orders", "revenue", "raw.orders", "not_null_orders_id");
        assertThat(texts(rendered.path("current"))).containsExactly("orders");
        assertThat(rendered.path("title").asText()).isEqualTo("orders");
        assertThat(texts(rendered.path("description")))
                .contains("model · table · \"analytics\".\"analytics\".\"orders\"")
                .contains("One row per order </script><script>alert(1)</script>");
        assertThat(rendered.path("columns").toString())
                .isEqualTo("[[\"id\",\"INTEGER\",\"The order's key\"],[\"amount\",\"DOUBLE\",\"\"]]");
        assertThat(texts(rendered.path("lineage"))).containsExactly("orders", "raw.orders", "revenue");
        assertThat(rendered.path("edges").asInt()).isEqualTo(2);
        assertThat(texts(rendered.path("code")))
                .containsExactly(
                        "select * from \"raw\".\"raw\".\"orders\"", "select * from {{ source('raw', 'orders') }}");
        assertThat(texts(rendered.path("searched"))).containsExactly("revenue");
    }

    @Test
    void aMissingManifestIsNamed() {
        Path manifest = dir.resolve("target/manifest.json");
        assertThatThrownBy(
                        () -> DocsSite.write(manifest, dir.resolve("target/catalog.json"), dir.resolve("index.html")))
                .isInstanceOf(TransformException.class)
                .hasMessageContaining(manifest.toString())
                .hasMessageContaining("does not exist");
        assertThat(dir.resolve("index.html")).doesNotExist();
    }

    @Test
    void aMissingCatalogLeavesColumnTypesOut() throws IOException {
        Path manifest = dir.resolve("manifest.json");
        Files.writeString(manifest, MANIFEST);
        DocsSite.write(manifest, dir.resolve("catalog.json"), dir.resolve("index.html"));

        assertThat(Files.readString(dir.resolve("index.html"))).contains("id=\"catalog-data\">{}</script>");
    }

    private Path writeSite() throws IOException {
        Path manifest = dir.resolve("target/manifest.json");
        Path catalog = dir.resolve("target/catalog.json");
        Files.createDirectories(manifest.getParent());
        Files.writeString(manifest, MANIFEST);
        Files.writeString(catalog, CATALOG);
        Path page = dir.resolve("target/index.html");
        DocsSite.write(manifest, catalog, page);
        return page;
    }

    private static String template() throws IOException {
        try (InputStream in = DocsSite.class.getResourceAsStream("docs-site.html")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(element -> texts.add(element.asText()));
        return texts;
    }

    private static boolean nodeAvailable() {
        try {
            Process process = new ProcessBuilder("node", "--version")
                    .redirectErrorStream(true)
                    .start();
            process.getInputStream().readAllBytes();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
