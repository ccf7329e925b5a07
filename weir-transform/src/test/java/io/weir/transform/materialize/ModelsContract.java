package io.weir.transform.materialize;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.transform.run.NodeOutcome;
import io.weir.transform.run.NodeStatus;
import io.weir.warehouse.RelationKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Views, tables and incremental models, run against each warehouse. */
abstract class ModelsContract extends WarehouseContract {

    private NodeOutcome build(String name, Map<String, Object> config, String sql) {
        return materializer.model(TestNodes.model(relation(name), config), sql, false);
    }

    private NodeOutcome build(String name, String materialized, String sql) {
        return build(name, Map.of("materialized", materialized), sql);
    }

    @Test
    void viewIsCreatedThenReplaced() {
        NodeOutcome first = build("customers", "view", "select 1 as id;");
        NodeOutcome second = build("customers", "view", "select 2 as id union all select 3");

        assertThat(first.status()).isEqualTo(NodeStatus.SUCCESS);
        assertThat(second.message()).isEqualTo(isPostgres() ? "CREATE VIEW" : "OK");
        assertThat(session.relationKind(relation("customers"))).contains(RelationKind.VIEW);
        assertThat(rows("select id from " + sql("customers") + " order by id")).containsExactly("2", "3");
        assertThat(relationsInSchema()).containsExactly("customers");
    }

    @Test
    void tableReportsItsRowsAndIsReplaced() {
        build("orders", "table", "select 1 as id union all select 2");
        NodeOutcome outcome = build("orders", "table", "select 1 as id union all select 2 union all select 3");

        assertThat(outcome.status()).isEqualTo(NodeStatus.SUCCESS);
        assertThat(outcome.message()).isEqualTo(isPostgres() ? "SELECT 3" : "OK");
        assertThat(outcome.rowsAffected()).isEqualTo(3);
        assertThat(session.relationKind(relation("orders"))).contains(RelationKind.TABLE);
        assertThat(rows("select count(*) from " + sql("orders"))).containsExactly("3");
        assertThat(relationsInSchema()).containsExactly("orders");
    }

    @Test
    void aModelSwitchesBetweenViewAndTable() {
        build("payments", "table", "select 1 as id");
        assertThat(build("payments", "view", "select 2 as id").status()).isEqualTo(NodeStatus.SUCCESS);
        assertThat(session.relationKind(relation("payments"))).contains(RelationKind.VIEW);

        assertThat(build("payments", "table", "select 3 as id").status()).isEqualTo(NodeStatus.SUCCESS);
        assertThat(session.relationKind(relation("payments"))).contains(RelationKind.TABLE);
        assertThat(rows("select id from " + sql("payments"))).containsExactly("3");
        assertThat(relationsInSchema()).containsExactly("payments");
    }

    @Test
    void aFailingModelLeavesTheOldTableIntact() {
        build("orders", "table", "select 1 as id union all select 2");

        NodeOutcome outcome = build("orders", "table", "select id from " + sql("no_such_table"));

        assertThat(outcome.status()).isEqualTo(NodeStatus.ERROR);
        assertThat(outcome.message())
                .startsWith("Database error in model orders (models/orders.sql): ")
                .contains("no_such_table");
        assertThat(rows("select id from " + sql("orders") + " order by id")).containsExactly("1", "2");
        assertThat(relationsInSchema()).containsExactly("orders");
    }

    @Test
    void anUnknownMaterializationIsAnError() {
        NodeOutcome outcome = build("orders", "materialized_view", "select 1 as id");

        assertThat(outcome.status()).isEqualTo(NodeStatus.ERROR);
        assertThat(outcome.message())
                .isEqualTo("Error in model orders (models/orders.sql): materialized 'materialized_view' is not"
                        + " supported; use view, table, incremental or ephemeral");
    }

    @Test
    void incrementalAppendsNewRows() {
        Map<String, Object> config = Map.of("materialized", "incremental");
        NodeOutcome first = build("events", config, "select 1 as id, 'a' as kind union all select 2, 'b'");
        NodeOutcome second = build("events", config, "select 2 as id, 'b2' as kind union all select 3, 'c'");

        assertThat(first.message()).isEqualTo(isPostgres() ? "SELECT 2" : "OK");
        assertThat(second.status()).isEqualTo(NodeStatus.SUCCESS);
        assertThat(second.message()).isEqualTo(isPostgres() ? "INSERT 0 2" : "OK");
        assertThat(second.rowsAffected()).isEqualTo(2);
        assertThat(rows("select id, kind from " + sql("events") + " order by id, kind"))
                .containsExactly("1|a", "2|b", "2|b2", "3|c");
        assertThat(relationsInSchema()).containsExactly("events");
    }

    @Test
    void incrementalWithAUniqueKeyDeletesThenInsertsByDefault() {
        Map<String, Object> config = Map.of("materialized", "incremental", "unique_key", "id");
        build("events", config, "select 1 as id, 'a' as kind union all select 2, 'b'");
        NodeOutcome second = build("events", config, "select 2 as id, 'b2' as kind union all select 3, 'c'");

        assertThat(second.message()).isEqualTo(isPostgres() ? "INSERT 0 2" : "OK");
        assertThat(rows("select id, kind from " + sql("events") + " order by id"))
                .containsExactly("1|a", "2|b2", "3|c");
    }

    @Test
    void deleteInsertMatchesACompoundKey() {
        Map<String, Object> config = Map.of(
                "materialized", "incremental",
                "incremental_strategy", "delete+insert",
                "unique_key", java.util.List.of("region", "id"));
        build("sales", config, "select 'eu' as region, 1 as id, 10 as amount union all select 'us', 1, 20");
        build("sales", config, "select 'eu' as region, 1 as id, 11 as amount union all select 'eu', 2, 30");

        assertThat(rows("select region, id, amount from " + sql("sales") + " order by region, id"))
                .containsExactly("eu|1|11", "eu|2|30", "us|1|20");
    }

    @Test
    void mergeUpdatesMatchedRowsAndInsertsTheRest() {
        Map<String, Object> config =
                Map.of("materialized", "incremental", "incremental_strategy", "merge", "unique_key", "id");
        build("customers", config, "select 1 as id, 'ada' as name union all select 2, 'grace'");
        NodeOutcome second = build("customers", config, "select 2 as id, 'grace h' as name union all select 3, 'alan'");

        assertThat(second.status()).isEqualTo(NodeStatus.SUCCESS);
        assertThat(second.message()).isEqualTo(isPostgres() ? "MERGE 2" : "OK");
        assertThat(rows("select id, name from " + sql("customers") + " order by id"))
                .containsExactly("1|ada", "2|grace h", "3|alan");
    }

    @Test
    void mergeLeavesExcludedColumnsAndHonoursPredicates() {
        Map<String, Object> config = Map.of(
                "materialized", "incremental",
                "incremental_strategy", "merge",
                "unique_key", "id",
                "merge_exclude_columns", java.util.List.of("created"),
                "incremental_predicates", java.util.List.of("dbt_internal_dest.id > 1"));
        build("accounts", config, "select 1 as id, 'a' as name, 'jan' as created union all select 2, 'b', 'jan'");
        build("accounts", config, "select 1 as id, 'a2' as name, 'feb' as created union all select 2, 'b2', 'feb'");

        assertThat(rows("select id, name, created from " + sql("accounts") + " order by id, name"))
                .containsExactly("1|a|jan", "1|a2|feb", "2|b2|jan");
    }

    @Test
    void fullRefreshRebuildsAnIncrementalModel() {
        Map<String, Object> config = Map.of("materialized", "incremental");
        build("events", config, "select 1 as id");
        materializer.model(TestNodes.model(relation("events"), config), "select 5 as id", true);

        assertThat(rows("select id from " + sql("events"))).containsExactly("5");
    }

    @Test
    void anIncrementalModelReplacesAViewInTheWay() {
        build("events", "view", "select 1 as id");
        build("events", Map.of("materialized", "incremental"), "select 2 as id");

        assertThat(session.relationKind(relation("events"))).contains(RelationKind.TABLE);
        assertThat(rows("select id from " + sql("events"))).containsExactly("2");
    }

    @Test
    void anUnknownStrategyListsTheValidOnes() {
        Map<String, Object> config = Map.of("materialized", "incremental", "incremental_strategy", "insert_overwrite");
        build("events", config, "select 1 as id");
        NodeOutcome outcome = build("events", config, "select 1 as id");

        assertThat(outcome.status()).isEqualTo(NodeStatus.ERROR);
        assertThat(outcome.message())
                .isEqualTo("Error in model events (models/events.sql): incremental_strategy 'insert_overwrite' is"
                        + " not supported; use one of append, delete+insert, merge");
    }

    @Test
    void ignoredSchemaChangesKeepTheTablesColumns() {
        Map<String, Object> config = Map.of("materialized", "incremental");
        build("events", config, "select 1 as id");
        NodeOutcome second = build("events", config, "select 2 as id, 'new' as extra");

        assertThat(second.status()).isEqualTo(NodeStatus.SUCCESS);
        assertThat(columnNames("events")).containsExactly("id");
        assertThat(rows("select id from " + sql("events") + " order by id")).containsExactly("1", "2");
    }

    @Test
    void failingOnSchemaChangeListsTheDifferingColumns() {
        Map<String, Object> config = Map.of("materialized", "incremental", "on_schema_change", "fail");
        build("events", config, "select 1 as id, 'x' as dropped");
        NodeOutcome outcome = build("events", config, "select 2 as id, 'new' as extra");

        assertThat(outcome.status()).isEqualTo(NodeStatus.ERROR);
        assertThat(outcome.message())
                .startsWith("Error in model events (models/events.sql): the model's columns no longer match")
                .contains("new columns extra (")
                .contains("columns no longer selected dropped")
                .contains("--full-refresh");
        assertThat(rows("select id from " + sql("events"))).containsExactly("1");
    }

    @Test
    void appendNewColumnsAddsThemAndKeepsRemovedOnes() {
        Map<String, Object> config = Map.of("materialized", "incremental", "on_schema_change", "append_new_columns");
        build("events", config, "select 1 as id, 'x' as dropped");
        build("events", config, "select 2 as id, 'new' as extra");

        assertThat(columnNames("events")).containsExactly("id", "dropped", "extra");
        assertThat(rows("select id, dropped, extra from " + sql("events") + " order by id"))
                .containsExactly("1|x|null", "2|null|new");
    }

    @Test
    void syncAllColumnsAddsDropsAndRetypes() {
        Map<String, Object> config = Map.of("materialized", "incremental", "on_schema_change", "sync_all_columns");
        build("events", config, "select 1 as id, 'x' as dropped, 7 as code");
        build("events", config, "select 2 as id, 'new' as extra, 'B7' as code");

        assertThat(columnNames("events")).containsExactly("id", "code", "extra");
        assertThat(rows("select id, code, extra from " + sql("events") + " order by id"))
                .containsExactly("1|7|null", "2|B7|new");
    }

    private java.util.List<String> columnNames(String table) {
        return session.columns(relation(table)).stream()
                .map(io.weir.warehouse.Column::name)
                .toList();
    }
}
