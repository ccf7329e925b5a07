package io.weir.transform.deps;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.transform.Transform;
import io.weir.transform.TransformOptions;
import io.weir.transform.TransformStep;
import io.weir.transform.compile.Fixtures;
import io.weir.transform.run.RunReport;
import io.weir.warehouse.Warehouse;
import io.weir.warehouse.WarehouseSession;
import io.weir.warehouse.WarehouseTarget;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A local package written as utility packages such as dbt_utils write theirs — a union over the columns the
 * warehouse reports, typed with {@code api.Column}'s checks, loop filters, expression dict keys, {@code %}
 * formatting, an {@code adapter_macro} key, a generic test asking {@code should_store_failures()} — and a model
 * reading {@code graph}, built end to end on a real warehouse.
 */
abstract class UtilityPackageContract {
    private static final String MACROS =
            """
            {% macro union_tables(relations, source_column_name='_source') -%}
              {%- set superset = {} -%}
              {%- set ns = namespace(names=[]) -%}
              {%- for relation in relations -%}
                {%- for col in adapter.get_columns_in_relation(relation) if col.column not in superset -%}
                  {%- do superset.update({col.column: col}) -%}
                  {%- set ns.names = ns.names + [col.column,] -%}
                {%- endfor -%}
              {%- endfor -%}
              {%- for relation in relations %}
              select '{{ relation.identifier }}' as {{ source_column_name }},
                {%- set present = adapter.get_columns_in_relation(relation) | map(attribute='name') | list %}
                {%- for name in ns.names %}
                {% if name in present %}{{ adapter.quote(name) }}{% else %}cast(null as {{ superset[name].data_type }}){% endif %} as {{ adapter.quote(name) }}{{ ',' if not loop.last }}
                {%- endfor %}
              from {{ relation }}
              {% if not loop.last %}union all{% endif %}
              {%- endfor %}
            {%- endmacro %}

            {% macro sum_numbers(relation) -%}
              {%- set sums = [] -%}
              {%- for col in adapter.get_columns_in_relation(relation) if col.is_number() -%}
                {%- do sums.append('sum(%s) as %s' % (adapter.quote(col.name), adapter.quote('total_' ~ col.name),)) -%}
              {%- endfor -%}
              select {{ sums | join(', ') }} from {{ relation }}
            {%- endmacro %}

            {% macro row_key(fields) -%}{{ adapter_macro('toolkit.row_key', fields) }}{%- endmacro %}

            {% macro default__row_key(fields) -%}md5({{ fields | join(" || '-' || ") }}){%- endmacro %}

            {% test same_rows(model, compare_model) %}
            {%- for relation in [model, compare_model] if not (relation is mapping and relation.get('metadata', {}).get('type', '').endswith('Relation')) -%}
              {{ exceptions.raise_compiler_error('same_rows needs relations, not ' ~ relation) }}
            {%- endfor -%}
            {{ config(fail_calc='sum(coalesce(diff, 0))') }}
            select abs((select count(*) from {{ model }}) - (select count(*) from {{ compare_model }})) as diff
            {% endtest %}

            {% macro first_values(query) -%}
              {%- set table = run_query(query) -%}
              {%- set found = {} -%}
              {%- for name, column in table.columns.items() -%}{% do found.update({name: column.values()[0]}) %}{%- endfor -%}
              {%- for row in table.rows if execute -%}{% do found.update({'row_' ~ loop.index: row.name ~ row[1]}) %}{%- endfor -%}
              {{ return(found) }}
            {%- endmacro %}

            {% test holds(model, expression) %}
            select {{ '*' if should_store_failures() else '1 as failing' }} from {{ model }} where not ({{ expression }})
            {% endtest %}
            """;

    @TempDir
    Path temp;

    private Path root;

    /** The warehouse the project builds on; its schema is the target schema. */
    abstract WarehouseTarget target();

    @BeforeEach
    void project() {
        root = temp.resolve("shop");
        Fixtures.write(temp, "toolkit/dbt_project.yml", "name: toolkit\nprofile: toolkit\n");
        Fixtures.write(temp, "toolkit/macros/toolkit.sql", MACROS);
        Fixtures.write(root, "dbt_project.yml", "name: shop\nprofile: shop\n");
        Fixtures.write(root, "packages.yml", "packages:\n  - local: ../toolkit\n");
        Fixtures.write(root, "seeds/customers_a.csv", "id,name,amount\n1,ann,10\n2,bob,20\n");
        Fixtures.write(root, "seeds/customers_b.csv", "id,name,city\n3,cid,oslo\n");
        Fixtures.write(
                root, "models/unioned.sql", "{{ toolkit.union_tables([ref('customers_a'), ref('customers_b'),]) }}\n");
        Fixtures.write(root, "models/totals.sql", "{{ toolkit.sum_numbers(ref('customers_a')) }}\n");
        Fixtures.write(
                root,
                "models/keyed.sql",
                "select {{ toolkit.row_key(['cast(id as varchar)', 'name']) }} as key, id from {{ ref('customers_a') }}\n");
        Fixtures.write(
                root,
                "models/first_customer.sql",
                """
                {%- set first = toolkit.first_values('select name, id from ' ~ ref('customers_a') ~ ' order by id') -%}
                select '{{ first['name'] if execute else '' }}' as name, {{ first['id'] if execute else 0 }} as id,
                  '{{ first['row_2'] if execute else '' }}' as second
                """);
        Fixtures.write(
                root,
                "models/seed_inventory.sql",
                """
                -- depends_on: {{ ref('customers_a') }} {{ ref('customers_b') }}
                {%- set seeds = [] -%}
                {%- if execute -%}
                {%- for node in graph.nodes.values() if node.resource_type == 'seed' -%}{% do seeds.append(node) %}{%- endfor -%}
                {%- endif -%}
                {%- for node in seeds | sort(attribute='name') %}
                select '{{ node.name }}' as seed_name, (select count(*) from {{ api.Relation.create(
                    database=node.database, schema=node.schema, identifier=node.alias) }}) as row_count
                {% if not loop.last %}union all{% endif %}
                {%- endfor %}
                """);
        Fixtures.write(
                root,
                "models/schema.yml",
                """
                version: 2
                models:
                  - name: unioned
                    tests:
                      - toolkit.holds:
                          expression: "id > 0"
                  - name: keyed
                    tests:
                      - toolkit.same_rows:
                          compare_model: ref('customers_a')
                    columns:
                      - name: key
                        tests: [unique, not_null]
                """);
        new PackageInstaller(root, Map.of(), line -> {}).install();
    }

    @Test
    void aUtilityPackageBuildsFromTheWarehousesColumns() {
        RunReport report = build();

        assertThat(report.results())
                .allSatisfy(result -> assertThat(result.status().resultName())
                        .as(result.uniqueId())
                        .isIn("success", "pass"));
        assertThat(report.results()).hasSize(11);
        assertThat(rows("select _source, id, name, amount, city from " + relation("unioned") + " order by id"))
                .containsExactly(
                        row("customers_a", 1, "ann", 10, null),
                        row("customers_a", 2, "bob", 20, null),
                        row("customers_b", 3, "cid", null, "oslo"));
        assertThat(rows("select total_id, total_amount from " + relation("totals")))
                .containsExactly(List.of(3, 30));
        assertThat(rows("select id from " + relation("keyed") + " where key = md5('1-ann')"))
                .containsExactly(List.of(1));
        assertThat(rows("select seed_name, row_count from " + relation("seed_inventory") + " order by seed_name"))
                .containsExactly(List.of("customers_a", 2), List.of("customers_b", 1));
        assertThat(rows("select name, id, second from " + relation("first_customer")))
                .containsExactly(List.of("ann", 1, "bob2"));
        assertThat(root.resolve("target/compiled/shop/models/totals.sql"))
                .content()
                .contains("sum(\"id\") as \"total_id\", sum(\"amount\") as \"total_amount\"")
                .doesNotContain("name");
    }

    private RunReport build() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TransformOptions options = new TransformOptions(
                root, null, null, List.of(), List.of(), false, Map.of(), 2, false, target(), null, null, null,
                Map.of());
        try (PrintStream print = new PrintStream(bytes, true, StandardCharsets.UTF_8);
                Transform transform = Transform.open(options)) {
            return transform.execute(TransformStep.BUILD, print);
        }
    }

    private static List<Object> row(Object... values) {
        List<Object> row = new ArrayList<>();
        for (Object value : values) {
            row.add(value);
        }
        return row;
    }

    private String relation(String table) {
        return target().dialect().quote(target().database()) + "."
                + target().dialect().quote(target().schema()) + "."
                + target().dialect().quote(table);
    }

    private List<List<Object>> rows(String sql) {
        try (Warehouse warehouse = Warehouse.open(target());
                WarehouseSession session = warehouse.session()) {
            return session.query(sql).rows().stream()
                    .map(row -> {
                        List<Object> values = new ArrayList<>();
                        row.forEach(value -> values.add(value instanceof Number number ? number.intValue() : value));
                        return values;
                    })
                    .toList();
        }
    }
}
