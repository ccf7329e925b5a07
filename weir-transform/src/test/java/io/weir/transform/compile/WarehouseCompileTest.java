package io.weir.transform.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.weir.transform.TransformException;
import io.weir.transform.project.Node;
import io.weir.warehouse.Warehouse;
import io.weir.warehouse.WarehouseSession;
import io.weir.warehouse.WarehouseTarget;
import io.weir.warehouse.testing.TestWarehouses;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compiling against a live warehouse: {@code is_incremental()}, {@code run_query}, statements, relations. */
class WarehouseCompileTest {
    @TempDir
    Path temp;

    private Path project() {
        Path dir = temp.resolve("project");
        Fixtures.write(dir, "dbt_project.yml", "name: live\nprofile: live\n");
        Fixtures.write(
                dir,
                "models/events.sql",
                """
                {{ config(materialized='incremental', unique_key='id') }}
                select id, status from {{ source('app', 'events') }}
                {% if is_incremental() %}
                where id > (select max(id) from {{ this }})
                {% endif %}
                """);
        Fixtures.write(
                dir,
                "models/pivot.sql",
                """
                {% set statuses = run_query("select distinct status from " ~ source('app', 'events') ~ " order by 1") %}
                {% call statement('total', fetch_result=True) %}select count(*) as n from {{ source('app', 'events') }}{% endcall %}
                {% set total = load_result('total')['data'][0][0] if execute else 0 %}
                select
                {%- for status in statuses.columns[0].values() %}
                  sum(case when status = '{{ status }}' then 1 else 0 end) as {{ status }}_count,
                {%- endfor %}
                  {{ total }} as total
                from {{ source('app', 'events') }}
                """);
        Fixtures.write(
                dir,
                "models/exists.sql",
                "{% set found = adapter.get_relation(database=this.database, schema=this.schema, identifier='events') %}"
                        + "select '{{ 'yes' if found is not none else 'no' }}' as present");
        Fixtures.write(
                dir,
                "models/sources.yml",
                "version: 2\nsources:\n  - name: app\n    schema: app_data\n    tables:\n      - name: events\n");
        return dir;
    }

    @Test
    void duckdbAnswersIsIncrementalRunQueryAndStatements() {
        WarehouseTarget target = TestWarehouses.duckdb(temp, "main");
        TransformProject project = TransformProject.load(project(), target, Map.of(), Map.of());
        Node events = project.manifest().nodes().get("model.live.events");
        Node pivot = project.manifest().nodes().get("model.live.pivot");
        Node exists = project.manifest().nodes().get("model.live.exists");
        try (Warehouse warehouse = Warehouse.open(target);
                WarehouseSession session = warehouse.session()) {
            session.execute("create schema app_data");
            session.execute("create table app_data.events as select * from (values (1, 'open'), (2, 'closed'),"
                    + " (3, 'open')) t(id, status)");

            assertThat(project.compile(events, session, false)).doesNotContain("where id >");
            assertThat(project.compile(exists, session, false)).contains("'no' as present");

            session.execute("create table main.events as select * from app_data.events where id < 3");
            assertThat(project.compile(events, session, false))
                    .contains("where id > (select max(id) from \"analytics\".\"main\".\"events\")");
            assertThat(project.compile(events, session, true))
                    .as("full refresh")
                    .doesNotContain("where id >");
            assertThat(project.compile(events, null, false)).as("no session").doesNotContain("where id >");
            assertThat(project.compile(exists, session, false)).contains("'yes' as present");

            String pivotSql = project.compile(pivot, session, false);
            assertThat(pivotSql)
                    .contains("as closed_count")
                    .contains("as open_count")
                    .contains("3 as total");
            assertThat(session.query(pivotSql).rows().get(0).stream().map(String::valueOf))
                    .containsExactly("1", "2", "3");

            session.execute("drop table main.events");
            session.execute("create view main.events as select * from app_data.events");
            assertThat(project.compile(events, session, false))
                    .as("a view is rebuilt")
                    .doesNotContain("where id >");
        }
    }

    @Test
    void compiledTestsRunOnDuckdbAndFindTheFailingRows() {
        WarehouseTarget target = TestWarehouses.duckdb(temp, "main");
        TransformProject project = TransformProject.load(Fixtures.project("compile_shop"), target, Map.of(), Map.of());
        try (Warehouse warehouse = Warehouse.open(target);
                WarehouseSession session = warehouse.session()) {
            session.execute("create schema main_staging");
            session.execute(
                    "create table main_staging.stg_orders as select * from (values (1, 1, 'placed', 10),"
                            + " (1, 2, 'lost', 5), (3, 9, 'shipped', 7), (4, null, null, 1)) t(id, customer_id, status, amount)");
            session.execute("create table main_staging.stg_customers as select * from (values (1, 'Ann'), (2, 'Bob'))"
                    + " t(id, name)");
            Map<String, Integer> expected = Map.of(
                    "unique_stg_orders_id", 1,
                    "not_null_stg_orders_id", 0,
                    "accepted_values_stg_orders_status__placed__shipped__returned", 1,
                    "relationships_stg_orders_customer_id__id__ref_stg_customers_", 1);
            expected.forEach((name, failures) -> {
                Node test = project.manifest().nodes().values().stream()
                        .filter(node -> node.name().equals(name))
                        .findFirst()
                        .orElseThrow();
                String sql = project.compile(test, session, false);
                assertThat(session.query(sql).rows()).as(name + ":\n" + sql).hasSize(failures);
            });
        }
    }

    @Test
    void aFailingRunQueryNamesTheModel() {
        WarehouseTarget target = TestWarehouses.duckdb(temp, "main");
        TransformProject project = TransformProject.load(project(), target, Map.of(), Map.of());
        Node pivot = project.manifest().nodes().get("model.live.pivot");
        try (Warehouse warehouse = Warehouse.open(target);
                WarehouseSession session = warehouse.session()) {
            assertThatThrownBy(() -> project.compile(pivot, session, false))
                    .isInstanceOf(TransformException.class)
                    .hasMessageContaining("model pivot (models/pivot.sql)")
                    .hasMessageContaining("run_query failed");
        }
    }

    @Test
    void postgresAnswersIsIncrementalAndRendersItsRelations() {
        assumeTrue(TestWarehouses.postgresAvailable());
        String schema = TestWarehouses.uniqueSchema();
        try {
            WarehouseTarget target = TestWarehouses.postgres(schema);
            Path dir = project();
            Fixtures.write(
                    dir,
                    "models/sources.yml",
                    "version: 2\nsources:\n  - name: app\n    schema: " + schema
                            + "_app\n    tables:\n      - name: events\n");
            TransformProject project = TransformProject.load(dir, target, Map.of(), Map.of());
            Node events = project.manifest().nodes().get("model.live.events");
            try (Warehouse warehouse = Warehouse.open(target);
                    WarehouseSession session = warehouse.session()) {
                session.execute("create schema " + schema + "_app");
                session.execute("create table " + schema + "_app.events (id int, status text)");
                session.execute("insert into " + schema + "_app.events values (1, 'open'), (2, 'closed')");
                assertThat(project.compile(events, session, false))
                        .contains("from \"" + target.database() + "\".\"" + schema + "_app\".\"events\"")
                        .doesNotContain("where id >");
                session.execute("create schema " + schema);
                session.execute("create table " + schema + ".events as select * from " + schema + "_app.events");
                assertThat(project.compile(events, session, false))
                        .contains("where id > (select max(id) from \"" + target.database() + "\".\"" + schema
                                + "\".\"events\")");
                String pivot = project.compile(project.manifest().nodes().get("model.live.pivot"), session, false);
                assertThat(session.query(pivot).rows()).hasSize(1);
            }
        } finally {
            TestWarehouses.dropPostgresSchemas(schema);
        }
    }
}
