package io.weir.transform.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.transform.project.Manifest;
import io.weir.transform.project.Node;
import io.weir.transform.project.ResourceType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenericTestNodesTest {
    @TempDir
    Path temp;

    private Map<String, Node> testsByName(Manifest manifest) {
        return manifest.nodes().values().stream()
                .filter(node -> node.resourceType() == ResourceType.TEST && node.test() != null)
                .collect(Collectors.toMap(Node::name, node -> node));
    }

    @Test
    void everyFormOfGenericTestIsNamedAsDbtNamesIt() {
        Manifest manifest = TransformProject.load(
                        Fixtures.project("compile_shop"), Fixtures.duckdb(temp), Map.of(), Map.of())
                .manifest();
        assertThat(testsByName(manifest).keySet())
                .containsExactlyInAnyOrder(
                        "unique_stg_orders_id",
                        "not_null_stg_orders_id",
                        "accepted_values_stg_orders_status__placed__shipped__returned",
                        "relationships_stg_orders_customer_id__id__ref_stg_customers_",
                        "unique_orders_id",
                        "not_null_orders_id",
                        "shop_positive_orders_amount",
                        "totals_are_small",
                        "source_unique_raw_orders_id");
    }

    @Test
    void testNodesCarryWhatTheyTestAndTheirConfig() {
        Map<String, Node> tests = testsByName(
                TransformProject.load(Fixtures.project("compile_shop"), Fixtures.duckdb(temp), Map.of(), Map.of())
                        .manifest());
        Node relationships = tests.get("relationships_stg_orders_customer_id__id__ref_stg_customers_");
        assertThat(relationships.uniqueId())
                .matches("test\\.shop\\.relationships_stg_orders_customer_id__id__ref_stg_customers_\\.[0-9a-f]{10}");
        assertThat(relationships.dependsOn()).containsExactly("model.shop.stg_orders", "model.shop.stg_customers");
        assertThat(relationships.attachedNode()).isEqualTo("model.shop.stg_orders");
        assertThat(relationships.test().name()).isEqualTo("relationships");
        assertThat(relationships.test().columnName()).isEqualTo("customer_id");
        assertThat(relationships.test().kwargs())
                .containsEntry("to", "ref('stg_customers')")
                .containsEntry("field", "id")
                .containsEntry("column_name", "customer_id");
        assertThat(relationships.config().string("where")).isEqualTo("customer_id > 0");
        assertThat(relationships.config().string("severity"))
                .as("folder config of tests:")
                .isEqualTo("WARN");

        assertThat(tests.get("accepted_values_stg_orders_status__placed__shipped__returned")
                        .config()
                        .string("severity"))
                .isEqualTo("ERROR");
        assertThat(tests.get("unique_orders_id").config().string("severity")).isEqualTo("ERROR");
        Node notNull = tests.get("not_null_orders_id");
        assertThat(notNull.config().get("limit")).isEqualTo(10);
        assertThat(notNull.config().string("where")).isEqualTo("amount > 0");

        Node positive = tests.get("shop_positive_orders_amount");
        assertThat(positive.test().namespace()).isEqualTo("shop");
        assertThat(positive.test().columnName()).as("a model-level test").isNull();
        assertThat(positive.test().kwargs()).containsEntry("column_name", "amount");
        assertThat(positive.dependsOnMacros()).contains("macro.shop.test_positive");

        Node totals = tests.get("totals_are_small");
        assertThat(totals.test().kwargs())
                .containsEntry("values", List.of(1, 2))
                .containsEntry("quote", false);

        Node sourceTest = tests.get("source_unique_raw_orders_id");
        assertThat(sourceTest.dependsOn()).containsExactly("source.shop.raw.orders");
        assertThat(sourceTest.attachedNode()).isNull();
    }

    @Test
    void longNamesAreShortenedWithAnMd5Suffix() {
        Fixtures.write(temp, "dbt_project.yml", "name: longs\nprofile: longs\n");
        Fixtures.write(temp, "models/a_model_with_quite_a_long_name.sql", "select 1 as status");
        Fixtures.write(
                temp,
                "models/schema.yml",
                """
                version: 2
                models:
                  - name: a_model_with_quite_a_long_name
                    columns:
                      - name: status
                        tests:
                          - accepted_values:
                              values: ['first_value', 'second_value', 'third_value']
                """);
        Manifest manifest = TransformProject.load(temp, Fixtures.duckdb(temp), Map.of(), Map.of())
                .manifest();
        String name = testsByName(manifest).keySet().iterator().next();
        assertThat(name).matches("accepted_values_a_model_with_q_[0-9a-f]{32}");
    }

    @Test
    void aTestWithoutAMacroNamesThePropertiesFile() {
        Fixtures.write(temp, "dbt_project.yml", "name: missing\nprofile: missing\n");
        Fixtures.write(temp, "models/a.sql", "select 1 as id");
        Fixtures.write(
                temp,
                "models/schema.yml",
                "version: 2\nmodels:\n  - name: a\n    columns:\n      - name: id\n        tests: [is_even]\n");
        assertThatThrownBy(() -> TransformProject.load(temp, Fixtures.duckdb(temp), Map.of(), Map.of()))
                .hasMessageContaining("models/schema.yml")
                .hasMessageContaining("is_even");
    }

    @Test
    void testsOfADisabledModelAreLeftOut() {
        Fixtures.write(temp, "dbt_project.yml", "name: off\nprofile: off\n");
        Fixtures.write(temp, "models/a.sql", "{{ config(enabled=false) }}\nselect 1 as id");
        Fixtures.write(
                temp,
                "models/schema.yml",
                "version: 2\nmodels:\n  - name: a\n    columns:\n      - name: id\n        tests: [unique]\n");
        Manifest manifest = TransformProject.load(temp, Fixtures.duckdb(temp), Map.of(), Map.of())
                .manifest();
        assertThat(manifest.nodes()).isEmpty();
    }
}
