package io.weir.transform.run;

import static io.weir.transform.run.TestManifest.config;
import static io.weir.transform.run.TestManifest.modelId;
import static io.weir.transform.run.TestManifest.seedId;
import static io.weir.transform.run.TestManifest.sourceId;
import static io.weir.transform.run.TestManifest.testId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.transform.TransformException;
import io.weir.transform.project.Manifest;
import io.weir.transform.project.ResourceType;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SelectorTest {
    private static final Set<ResourceType> MODELS = Set.of(ResourceType.MODEL);
    private static final Set<ResourceType> ALL = Set.of();

    private static final Manifest SHOP = new TestManifest()
            .source("raw", "orders")
            .source("raw", "customers")
            .source("stripe", "payments")
            .seed("countries")
            .model("staging/stg_orders.sql", config("tags", List.of("staging")), sourceId("raw", "orders"))
            .model("staging/stg_customers.sql", config("tags", List.of("staging")), sourceId("raw", "customers"))
            .model("staging/stripe/stg_payments.sql", sourceId("stripe", "payments"))
            .model(
                    "intermediate/int_orders.sql",
                    config("materialized", "ephemeral"),
                    modelId("stg_orders"),
                    modelId("stg_payments"))
            .model(
                    "marts/orders.sql",
                    config("materialized", "table", "tags", List.of("nightly", "finance")),
                    modelId("int_orders"),
                    modelId("stg_customers"),
                    seedId("countries"))
            .model(
                    "marts/customers.sql",
                    config("materialized", "table", "tags", "nightly", "enabled", true),
                    modelId("stg_customers"),
                    modelId("orders"))
            .genericTest("not_null_orders_id", "not_null", modelId("orders"))
            .genericTest("unique_customers_id", "unique", modelId("customers"))
            .genericTest(
                    "relationships_orders_id__id__ref_customers_",
                    "relationships",
                    modelId("orders"),
                    modelId("customers"))
            .genericTest("unique_stg_orders_id", "unique", modelId("stg_orders"))
            .singularTest("assert_positive_totals", modelId("orders"))
            .build();

    private static Set<String> select(String select, Set<ResourceType> types) {
        return Selector.select(SHOP, List.of(select), List.of(), types);
    }

    @Test
    void noSelectorSelectsEveryNodeOfTheTypes() {
        assertThat(Selector.select(SHOP, List.of(), List.of(), MODELS))
                .containsExactly(
                        modelId("stg_orders"),
                        modelId("stg_customers"),
                        modelId("stg_payments"),
                        modelId("int_orders"),
                        modelId("orders"),
                        modelId("customers"));
        assertThat(Selector.select(SHOP, List.of(), List.of(), ALL)).hasSize(15);
    }

    @Test
    void aBareNameSelectsTheModelAndItsTests() {
        assertThat(select("orders", MODELS)).containsExactly(modelId("orders"));
        assertThat(select("orders", ALL))
                .containsExactlyInAnyOrder(
                        modelId("orders"),
                        testId("not_null_orders_id"),
                        testId("relationships_orders_id__id__ref_customers_"),
                        testId("assert_positive_totals"));
    }

    @Test
    void testsAreSelectedWhenAnyParentIs() {
        assertThat(select("customers", Set.of(ResourceType.TEST)))
                .containsExactlyInAnyOrder(
                        testId("unique_customers_id"), testId("relationships_orders_id__id__ref_customers_"));
        assertThat(select("stg_orders", Set.of(ResourceType.TEST))).containsExactly(testId("unique_stg_orders_id"));
    }

    @Test
    void plusAfterAddsDescendantsAndPlusBeforeAncestors() {
        assertThat(select("orders+", MODELS)).containsExactly(modelId("orders"), modelId("customers"));
        assertThat(select("+orders", Set.of(ResourceType.MODEL, ResourceType.SEED, ResourceType.SOURCE)))
                .containsExactly(
                        sourceId("raw", "orders"),
                        sourceId("raw", "customers"),
                        sourceId("stripe", "payments"),
                        seedId("countries"),
                        modelId("stg_orders"),
                        modelId("stg_customers"),
                        modelId("stg_payments"),
                        modelId("int_orders"),
                        modelId("orders"));
        assertThat(select("+stg_payments+", MODELS))
                .containsExactly(
                        modelId("stg_payments"), modelId("int_orders"), modelId("orders"), modelId("customers"));
    }

    @Test
    void depthsLimitTheGraphOperators() {
        assertThat(select("1+orders", Set.of(ResourceType.MODEL, ResourceType.SEED)))
                .containsExactly(
                        seedId("countries"), modelId("stg_customers"), modelId("int_orders"), modelId("orders"));
        assertThat(select("2+orders", MODELS))
                .containsExactly(
                        modelId("stg_orders"),
                        modelId("stg_customers"),
                        modelId("stg_payments"),
                        modelId("int_orders"),
                        modelId("orders"));
        assertThat(select("stg_orders+1", MODELS)).containsExactly(modelId("stg_orders"), modelId("int_orders"));
        assertThat(select("stg_orders+2", MODELS))
                .containsExactly(modelId("stg_orders"), modelId("int_orders"), modelId("orders"));
    }

    @Test
    void atSelectsDescendantsAndTheirAncestors() {
        assertThat(select("@stg_payments", MODELS))
                .containsExactly(
                        modelId("stg_orders"),
                        modelId("stg_customers"),
                        modelId("stg_payments"),
                        modelId("int_orders"),
                        modelId("orders"),
                        modelId("customers"));
        assertThat(select("@int_orders", Set.of(ResourceType.SEED))).containsExactly(seedId("countries"));
    }

    @Test
    void tagsMatchExactlyOrByWildcard() {
        assertThat(select("tag:nightly", MODELS)).containsExactly(modelId("orders"), modelId("customers"));
        assertThat(select("tag:night*", MODELS)).containsExactly(modelId("orders"), modelId("customers"));
        assertThat(select("tag:night", MODELS)).isEmpty();
    }

    @Test
    void commasIntersectAndSpacesUnite() {
        assertThat(select("tag:nightly,tag:finance", MODELS)).containsExactly(modelId("orders"));
        assertThat(select("tag:finance tag:staging", MODELS))
                .containsExactly(modelId("stg_orders"), modelId("stg_customers"), modelId("orders"));
        assertThat(select("+orders,tag:staging", MODELS))
                .containsExactly(modelId("stg_orders"), modelId("stg_customers"));
        assertThat(Selector.select(SHOP, List.of("stg_orders", "customers stg_payments"), List.of(), MODELS))
                .containsExactly(modelId("stg_orders"), modelId("stg_payments"), modelId("customers"));
    }

    @Test
    void excludeRemovesNodesAndTheirTests() {
        assertThat(Selector.select(SHOP, List.of(), List.of("orders"), Set.of(ResourceType.MODEL, ResourceType.TEST)))
                .doesNotContain(
                        modelId("orders"),
                        testId("not_null_orders_id"),
                        testId("relationships_orders_id__id__ref_customers_"),
                        testId("assert_positive_totals"))
                .contains(modelId("customers"), testId("unique_customers_id"));
        assertThat(Selector.select(SHOP, List.of("tag:nightly"), List.of("customers", "tag:finance"), MODELS))
                .isEmpty();
    }

    @Test
    void pathsSelectFilesAndFolders() {
        assertThat(select("path:models/staging", MODELS))
                .containsExactly(modelId("stg_orders"), modelId("stg_customers"), modelId("stg_payments"));
        assertThat(select("models/staging/stripe/", MODELS)).containsExactly(modelId("stg_payments"));
        assertThat(select("path:models/staging/stg_orders.sql", MODELS)).containsExactly(modelId("stg_orders"));
        assertThat(select("path:models/*/stg_*.sql", MODELS))
                .containsExactly(modelId("stg_orders"), modelId("stg_customers"));
        assertThat(select("path:models/**/stg_*.sql", MODELS)).hasSize(3);
        assertThat(select("path:models/stag", MODELS)).isEmpty();
        assertThat(select("path:models/sources.yml", Set.of(ResourceType.SOURCE)))
                .hasSize(3);
    }

    @Test
    void fileNamesSelectByFile() {
        assertThat(select("stg_orders.sql", MODELS)).containsExactly(modelId("stg_orders"));
        assertThat(select("file:orders", MODELS)).containsExactly(modelId("orders"));
        assertThat(select("countries.csv", Set.of(ResourceType.SEED))).containsExactly(seedId("countries"));
    }

    @Test
    void fullyQualifiedNamesSelectPackagesFoldersAndPatterns() {
        assertThat(select("shop.staging", MODELS))
                .containsExactly(modelId("stg_orders"), modelId("stg_customers"), modelId("stg_payments"));
        assertThat(select("fqn:shop.staging.stripe.*", MODELS)).containsExactly(modelId("stg_payments"));
        assertThat(select("shop.marts.orders", MODELS)).containsExactly(modelId("orders"));
        assertThat(select("stg_*", MODELS))
                .containsExactly(modelId("stg_orders"), modelId("stg_customers"), modelId("stg_payments"));
        assertThat(select("shop", MODELS)).hasSize(6);
        assertThat(select("package:shop", Set.of(ResourceType.SEED))).containsExactly(seedId("countries"));
    }

    @Test
    void sourcesSelectBySourceOrTable() {
        assertThat(select("source:raw", Set.of(ResourceType.SOURCE)))
                .containsExactly(sourceId("raw", "orders"), sourceId("raw", "customers"));
        assertThat(select("source:raw.orders+", MODELS))
                .containsExactly(modelId("stg_orders"), modelId("int_orders"), modelId("orders"), modelId("customers"));
        assertThat(select("source:shop.stripe.payments+1", MODELS)).containsExactly(modelId("stg_payments"));
        assertThat(select("source:raw.*", Set.of(ResourceType.SOURCE))).hasSize(2);
    }

    @Test
    void resourceTypeConfigAndTestTypeMethods() {
        assertThat(select("resource_type:seed", ALL)).containsExactly(seedId("countries"));
        assertThat(select("config.materialized:table", MODELS))
                .containsExactly(modelId("orders"), modelId("customers"));
        assertThat(select("config.materialized:ephemeral", MODELS)).containsExactly(modelId("int_orders"));
        assertThat(select("config.enabled:TRUE", MODELS)).containsExactly(modelId("customers"));
        assertThat(select("test_type:singular", ALL)).containsExactly(testId("assert_positive_totals"));
        assertThat(select("test_type:generic", ALL)).hasSize(4).doesNotContain(testId("assert_positive_totals"));
        assertThat(select("test_name:unique", ALL))
                .containsExactly(testId("unique_customers_id"), testId("unique_stg_orders_id"));
    }

    @Test
    void aSelectorMatchingNothingSelectsNothing() {
        assertThat(select("no_such_model", ALL)).isEmpty();
        assertThat(select("tag:none+", ALL)).isEmpty();
    }

    @Test
    void anUnknownMethodNamesTheSelectorAndTheValidMethods() {
        assertThatThrownBy(() -> select("colour:red", ALL))
                .isInstanceOf(TransformException.class)
                .hasMessageContaining("'colour:red'")
                .hasMessageContaining("'colour'")
                .hasMessageContaining("tag, source, resource_type")
                .hasMessageContaining("config.<key>");
        assertThatThrownBy(() -> select("resource_type:table", ALL))
                .hasMessageContaining("unknown resource type 'table'")
                .hasMessageContaining("model, seed");
        assertThatThrownBy(() -> select("test_type:unit", ALL)).hasMessageContaining("generic and singular");
        assertThatThrownBy(() -> select("@+orders", ALL)).hasMessageContaining("'@' and a leading '+'");
        assertThatThrownBy(() -> select("tag:", ALL)).hasMessageContaining("names nothing to select");
        assertThatThrownBy(() -> Selector.select(SHOP, List.of(), List.of("bogus:x"), ALL))
                .hasMessageContaining("'bogus:x'");
    }
}
