package io.weir.transform.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.transform.Transform;
import io.weir.transform.TransformOptions;
import io.weir.transform.TransformStep;
import io.weir.transform.run.NodeResult;
import io.weir.transform.run.NodeStatus;
import io.weir.transform.run.RunReport;
import io.weir.warehouse.Warehouse;
import io.weir.warehouse.WarehouseSession;
import io.weir.warehouse.WarehouseTarget;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code shop} fixture project, which uses every feature of a dbt project, built end to end on a real warehouse:
 * seeds, views, tables, ephemeral and incremental models, snapshots, generic and singular tests, then changed and
 * built again.
 */
abstract class TransformContract {
    @TempDir
    Path dir;

    Path project;
    String out;

    /** The warehouse the project builds on; its schema is the target schema. */
    abstract WarehouseTarget target();

    @BeforeEach
    void copyProject() throws Exception {
        project = ShopProject.copyInto(Files.createDirectories(dir.resolve("shop")));
        Path settings = project.resolve("dbt_project.yml");
        Files.writeString(
                settings,
                Files.readString(settings).replace("+target_schema: snapshots", "+target_schema: " + snapshotSchema()));
    }

    /** The snapshots' schema, this run's own: a fixed name would collide with other runs on the same server. */
    String snapshotSchema() {
        return target().schema() + "_snapshots";
    }

    @Test
    void buildsEveryKindOfNodeInDependencyOrder() throws Exception {
        assertThat(run(TransformStep.SEED, List.of(), false).success()).isTrue();
        RunReport report = run(TransformStep.BUILD, List.of(), false);

        assertThat(statuses(report))
                .containsEntry("seed.shop.raw_customers", "success")
                .containsEntry("model.shop.stg_customers", "success")
                .containsEntry("model.shop.customers", "success")
                .containsEntry("model.shop.orders", "success")
                .containsEntry("model.shop.revenue_by_method", "success")
                .containsEntry("snapshot.shop.customers_snapshot", "success")
                .containsEntry("test.shop.assert_paid_orders_match", "pass");
        assertThat(statuses(report)).doesNotContainKey("model.shop.stg_payments");
        assertThat(statuses(report).keySet()).noneMatch(id -> id.contains("legacy_orders"));
        assertThat(report.counts()).containsEntry(NodeStatus.WARN, 2).containsEntry(NodeStatus.ERROR, 0);
        assertThat(report.success()).isTrue();

        String schema = target().schema();
        assertThat(rows("select customer_id, full_name, segment, order_count, lifetime_value from "
                        + relation(schema, "dim_customers") + " order by customer_id"))
                .containsExactly(
                        List.of(1, "Ada Lovelace", "vip", 2, "24.50"),
                        List.of(2, "Grace Hopper", "regular", 1, "12.25"),
                        List.of(3, "Smith, Jr. Alan", "regular", 1, "40.00"),
                        List.of(4, "Edsger Dijkstra", "regular", 1, "7.75"));
        assertThat(count(relation(schema + "_staging", "stg_orders"))).isEqualTo(5);
        assertThat(rows("select card_amount, gift_card_amount, bank_transfer_amount, total_amount from "
                        + relation(schema, "revenue_by_method")))
                .containsExactly(List.of("32.25", "12.25", "40.00", "84.50"));
        assertThat(rows("select currency from " + relation(schema, "orders") + " group by 1"))
                .containsExactly(List.of("EUR"));
        assertThat(count(relation(snapshotSchema(), "customers_snapshot"))).isEqualTo(4);

        assertThat(out).contains("OK created sql table model " + schema + ".dim_customers");
        assertThat(out).contains("WARN 1 not_null_stg_customers_email");
        assertThat(out).contains("Done. PASS=");
        JsonNode results = new ObjectMapper()
                .readTree(project.resolve("target/run_results.json").toFile());
        assertThat(results.at("/results").size()).isEqualTo(report.results().size());
        JsonNode manifest = new ObjectMapper()
                .readTree(project.resolve("target/manifest.json").toFile());
        assertThat(manifest.at("/nodes/model.shop.customers/compiled_code").asText())
                .contains("__dbt__cte__order_payments")
                .contains("__dbt__cte__stg_payments");
        assertThat(project.resolve("target/compiled/shop/models/marts/customers.sql"))
                .exists();
        assertThat(project.resolve("target/run/shop/models/marts/customers.sql"))
                .exists();
    }

    @Test
    void incrementalModelsMergeAndAppendNewSourceRows() throws Exception {
        run(TransformStep.SEED, List.of(), false);
        run(TransformStep.BUILD, List.of(), false);
        String schema = target().schema();
        Files.writeString(
                project.resolve("seeds/raw_orders.csv"),
                """
                id,customer_id,ordered_at,status,amount
                1,1,2024-03-01,completed,19.5
                2,1,2024-03-02,completed,5
                3,2,2024-03-02,returned,12.25
                4,3,2024-03-04,placed,40
                5,4,2024-03-05,completed,7.75
                6,2,2024-03-06,placed,3.5
                7,3,2024-03-07,placed,8
                """);

        run(TransformStep.SEED, List.of(), false);
        RunReport second = run(TransformStep.RUN, List.of("orders", "order_events"), false);

        assertThat(second.success()).isTrue();
        assertThat(rows("select order_id, status from " + relation(schema, "orders") + " order by order_id"))
                .containsExactly(
                        List.of(1, "completed"),
                        List.of(2, "completed"),
                        List.of(3, "returned"),
                        List.of(4, "placed"),
                        List.of(5, "completed"),
                        List.of(6, "placed"),
                        List.of(7, "placed"));
        assertThat(rows("select order_id, status from " + relation(schema, "order_events")
                        + " order by order_id, status"))
                .containsExactly(
                        List.of(1, "completed"),
                        List.of(2, "completed"),
                        List.of(3, "returned"),
                        List.of(4, "placed"),
                        List.of(5, "shipped"),
                        List.of(6, "placed"),
                        List.of(7, "placed"));

        RunReport refreshed = run(TransformStep.RUN, List.of("order_events"), true);
        assertThat(refreshed.success()).isTrue();
        assertThat(rows("select status from " + relation(schema, "order_events") + " where order_id = 5"))
                .containsExactly(List.of("completed"));
    }

    @Test
    void snapshotsRecordChangesAndDeletesAcrossThreeRuns() throws Exception {
        run(TransformStep.SEED, List.of(), false);
        run(TransformStep.SNAPSHOT, List.of(), false);
        Files.writeString(
                project.resolve("seeds/raw_customers.csv"),
                """
                id,first_name,last_name,email,signed_up_at,is_vip,updated_at
                1,Ada,Lovelace,ada@example.org,2024-01-03,true,2024-04-01 12:00:00
                2,Grace,Hopper,grace@example.com,2024-01-05,false,2024-01-05 11:30:00
                3,"Smith, Jr.",Alan,alan@example.com,2024-02-10,false,2024-02-10 09:15:00
                4,Edsger,Dijkstra,,2024-03-01,,2024-03-01 08:00:00
                """);
        run(TransformStep.SEED, List.of(), false);
        run(TransformStep.SNAPSHOT, List.of(), false);
        Files.writeString(
                project.resolve("seeds/raw_customers.csv"),
                """
                id,first_name,last_name,email,signed_up_at,is_vip,updated_at
                1,Ada,Lovelace,ada@example.org,2024-01-03,true,2024-04-01 12:00:00
                3,"Smith, Jr.",Alan,alan@example.com,2024-02-10,false,2024-02-10 09:15:00
                4,Edsger,Dijkstra,,2024-03-01,,2024-03-01 08:00:00
                """);
        run(TransformStep.SEED, List.of(), false);
        RunReport third = run(TransformStep.SNAPSHOT, List.of(), false);

        assertThat(third.success()).isTrue();
        String snapshot = relation(snapshotSchema(), "customers_snapshot");
        assertThat(rows("select id, email, dbt_valid_to is null from " + snapshot + " order by id, dbt_valid_from"))
                .containsExactly(
                        List.of(1, "ada@example.com", false),
                        List.of(1, "ada@example.org", true),
                        List.of(2, "grace@example.com", false),
                        List.of(3, "alan \"the\" smith@example.com", true),
                        Arrays.asList(4, null, true));
        assertThat(rows("select cast(dbt_valid_to as varchar) from " + snapshot
                        + " where id = 1 and dbt_valid_to is not null"))
                .containsExactly(List.of("2024-04-01 12:00:00"));
        assertThat(count(relation(snapshotSchema(), "orders_status_snapshot"))).isEqualTo(5);
    }

    @Test
    void failingTestsWarnOrFailBySeverityAndSkipWhatFollowsInBuild() throws Exception {
        Files.writeString(
                project.resolve("seeds/raw_customers.csv"),
                """
                id,first_name,last_name,email,signed_up_at,is_vip,updated_at
                1,Ada,Lovelace,,2024-01-03,true,2024-01-03 10:00:00
                1,Ada,Lovelace,,2024-01-03,true,2024-01-03 10:00:00
                2,Grace,Hopper,grace@example.com,2024-01-05,false,2024-01-05 11:30:00
                3,Alan,Smith,alan@example.com,2024-02-10,false,2024-02-10 09:15:00
                4,Edsger,Dijkstra,e@example.com,2024-03-01,,2024-03-01 08:00:00
                """);

        run(TransformStep.SEED, List.of(), false);
        RunReport report = run(TransformStep.BUILD, List.of(), false);

        Map<String, String> statuses = statuses(report);
        assertThat(statuses)
                .containsEntry(
                        "test.shop.unique_stg_customers_customer_id."
                                + hashOf(statuses, "unique_stg_customers_customer_id"),
                        "fail");
        assertThat(statuses.entrySet())
                .filteredOn(entry -> entry.getKey().contains("not_null_stg_customers_email"))
                .extracting(Map.Entry::getValue)
                .containsExactly("warn");
        assertThat(statuses).containsEntry("model.shop.customers", "skipped");
        assertThat(statuses).containsEntry("model.shop.orders", "success");
        assertThat(report.success()).isFalse();
        assertThat(out).contains("FAIL 1 unique_stg_customers_customer_id");
        assertThat(out).contains("Got 1 result, configured to fail if != 0");
    }

    @Test
    void aModelWhoseJinjaFailsIsAnErrorItsDescendantsAreSkippedAndTheRestBuilds() throws Exception {
        Files.writeString(
                project.resolve("models/staging/stg_broken.sql"),
                "select {{ 1 + }} as id from {{ ref('stg_customers') }}\n");
        Files.writeString(project.resolve("models/broken_child.sql"), "select * from {{ ref('stg_broken') }}\n");
        run(TransformStep.SEED, List.of(), false);

        RunReport report = run(TransformStep.RUN, List.of(), false);

        Map<String, String> statuses = statuses(report);
        assertThat(statuses)
                .containsEntry("model.shop.stg_broken", "error")
                .containsEntry("model.shop.broken_child", "skipped")
                .containsEntry("model.shop.customers", "success")
                .containsEntry("model.shop.orders", "success");
        assertThat(report.counts()).containsEntry(NodeStatus.ERROR, 1).containsEntry(NodeStatus.SKIPPED, 1);
        assertThat(out).contains("model stg_broken (models/staging/stg_broken.sql)");
        assertThat(count(relation(target().schema() + "_staging", "stg_orders")))
                .isEqualTo(5);
    }

    RunReport run(TransformStep step, List<String> select, boolean fullRefresh) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TransformOptions options = new TransformOptions(
                project,
                null,
                null,
                select,
                List.of(),
                fullRefresh,
                Map.of(),
                2,
                false,
                target(),
                null,
                null,
                null,
                Map.of());
        try (PrintStream print = new PrintStream(bytes, true, StandardCharsets.UTF_8);
                Transform transform = Transform.open(options)) {
            RunReport report = transform.execute(step, print);
            out = bytes.toString(StandardCharsets.UTF_8);
            return report;
        }
    }

    String relation(String schema, String table) {
        return target().dialect().quote(target().database()) + "."
                + target().dialect().quote(schema) + "." + target().dialect().quote(table);
    }

    long count(String relation) {
        return ((Number) rows("select count(*) from " + relation).get(0).get(0)).longValue();
    }

    /** The rows of {@code sql}, numbers with a scale as plain text and other numbers as ints. */
    List<List<Object>> rows(String sql) {
        try (Warehouse warehouse = Warehouse.open(target());
                WarehouseSession session = warehouse.session()) {
            return session.query(sql).rows().stream()
                    .map(row -> row.stream().map(TransformContract::plain).toList())
                    .toList();
        }
    }

    private static Object plain(Object value) {
        if (value instanceof java.math.BigDecimal decimal) {
            return decimal.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString();
        }
        if (value instanceof Double number) {
            return java.math.BigDecimal.valueOf(number)
                    .setScale(2, java.math.RoundingMode.HALF_UP)
                    .toPlainString();
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short) {
            return ((Number) value).intValue();
        }
        return value;
    }

    static Map<String, String> statuses(RunReport report) {
        return report.results().stream()
                .collect(Collectors.toMap(
                        NodeResult::uniqueId, result -> result.status().resultName(), (a, b) -> a, TreeMap::new));
    }

    private static String hashOf(Map<String, String> statuses, String testName) {
        return statuses.keySet().stream()
                .filter(id -> id.startsWith("test.shop." + testName + "."))
                .map(id -> id.substring(id.lastIndexOf('.') + 1))
                .findFirst()
                .orElse("missing");
    }
}
