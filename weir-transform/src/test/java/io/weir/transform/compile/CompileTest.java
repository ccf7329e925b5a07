package io.weir.transform.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.transform.TransformException;
import io.weir.transform.project.Node;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompileTest {
    @TempDir
    Path temp;

    private TransformProject shop(Map<String, Object> vars) {
        return TransformProject.load(Fixtures.project("compile_shop"), Fixtures.duckdb(temp), vars, Map.of());
    }

    private static String compile(TransformProject project, String uniqueId) {
        Node node = project.manifest().nodes().get(uniqueId);
        assertThat(node).as(uniqueId).isNotNull();
        return project.compile(node, null, false);
    }

    @Test
    void refsAndSourcesRenderQuotedRelations() {
        TransformProject project = shop(Map.of());
        assertThat(compile(project, "model.shop.stg_orders"))
                .isEqualTo("select id, customer_id, status, amount\nfrom \"analytics\".\"landing\".\"raw_orders\"\n");
        assertThat(compile(project, "model.shop.orders"))
                .contains("from \"analytics\".\"main_staging\".\"stg_orders\" o")
                .contains("join \"analytics\".\"main_staging\".\"stg_customers\" c")
                .doesNotContain("config(");
    }

    @Test
    void cliVarsWinOverProjectVarsAndScopedVarsApply() {
        assertThat(compile(shop(Map.of()), "model.shop.stg_payments")).contains("amount >= 5");
        assertThat(compile(shop(Map.of("min_amount", 10)), "model.shop.stg_payments"))
                .contains("amount >= 10");
        assertThat(compile(shop(Map.of()), "model.shop.order_totals")).contains("'EUR' as currency");
    }

    @Test
    void macrosOfTheProjectAreCallableByNameAndThroughItsNamespace() {
        TransformProject project = shop(Map.of());
        assertThat(compile(project, "analysis.shop.top_customers"))
                .isEqualTo("select customer_id, (total * 100)::bigint as total_cents from"
                        + " \"analytics\".\"main_finance\".\"order_totals\"\n");
        Node node = project.manifest().nodes().get("model.shop.stg_orders");
        assertThat(project.render(node, "{{ shop.cents('x') }}|{{ column_list(['a', 'b']) }}", null, false))
                .isEqualTo("(x * 100)::bigint|a, b");
    }

    @Test
    void envVarReadsTheEnvironmentWithDefaults() {
        Fixtures.write(temp, "dbt_project.yml", "name: envs\nprofile: envs\n");
        Fixtures.write(
                temp,
                "models/region.sql",
                "select '{{ env_var('SHOP_REGION') }}' as region, '{{ env_var('UNSET_ONE', 'fallback') }}' as other");
        TransformProject project =
                TransformProject.load(temp, Fixtures.duckdb(temp), Map.of(), Map.of("SHOP_REGION", "eu-west"));
        assertThat(compile(project, "model.envs.region")).isEqualTo("select 'eu-west' as region, 'fallback' as other");
        assertThatThrownBy(() ->
                        Fixtures.compileAll(TransformProject.load(temp, Fixtures.duckdb(temp), Map.of(), Map.of())))
                .isInstanceOf(TransformException.class)
                .hasMessageContaining("models/region.sql")
                .hasMessageContaining("env_var('SHOP_REGION')");
    }

    @Test
    void aMissingVarWithoutDefaultNamesTheFile() {
        Fixtures.write(temp, "dbt_project.yml", "name: vars\nprofile: vars\n");
        Fixtures.write(temp, "models/a.sql", "select {{ var('start', 1) }} as a,\n {{ var('end_date') }} as b");
        assertThatThrownBy(() ->
                        Fixtures.compileAll(TransformProject.load(temp, Fixtures.duckdb(temp), Map.of(), Map.of())))
                .isInstanceOf(TransformException.class)
                .hasMessageContaining("models/a.sql")
                .hasMessageContaining("line 2")
                .hasMessageContaining("var('end_date')");
        TransformProject project =
                TransformProject.load(temp, Fixtures.duckdb(temp), Map.of("end_date", "2024-01-31"), Map.of());
        assertThat(compile(project, "model.vars.a")).isEqualTo("select 1 as a,\n 2024-01-31 as b");
    }

    @Test
    void ephemeralModelsAreInjectedAsCtesOnceAndInDependencyOrder() {
        Fixtures.write(
                temp,
                "dbt_project.yml",
                "name: eph\nprofile: eph\nmodels:\n  eph:\n    base:\n      +materialized: ephemeral\n");
        Fixtures.write(temp, "models/base/numbers.sql", "select 1 as n union all select 2 as n");
        Fixtures.write(
                temp,
                "models/base/doubled.sql",
                "with src as (select n from {{ ref('numbers') }})\nselect n, n * 2 as d from src");
        Fixtures.write(
                temp,
                "models/report.sql",
                "-- a report\nselect d.n, d.d from {{ ref('doubled') }} d join {{ ref('numbers') }} x on x.n = d.n");
        Fixtures.write(
                temp,
                "models/report_with.sql",
                "with picked as (select * from {{ ref('doubled') }} where n > 1)\nselect * from picked");
        TransformProject project = TransformProject.load(temp, Fixtures.duckdb(temp), Map.of(), Map.of());
        assertThat(project.manifest().nodes().get("model.eph.numbers").relation())
                .isNull();

        String report = compile(project, "model.eph.report");
        assertThat(report)
                .isEqualTo("-- a report\nwith __dbt__cte__numbers as (\nselect 1 as n union all select 2 as n\n),\n"
                        + "__dbt__cte__doubled as (\nwith src as (select n from __dbt__cte__numbers)\n"
                        + "select n, n * 2 as d from src\n)\n"
                        + "select d.n, d.d from __dbt__cte__doubled d join __dbt__cte__numbers x on x.n = d.n");
        String reportWith = compile(project, "model.eph.report_with");
        assertThat(reportWith)
                .startsWith("with __dbt__cte__numbers as (")
                .contains("),\npicked as (select * from __dbt__cte__doubled where n > 1)");
        assertThat(reportWith.indexOf("__dbt__cte__numbers as"))
                .isEqualTo(reportWith.lastIndexOf("__dbt__cte__numbers as"));
    }

    @Test
    void builtInGenericTestsCompileToTheirFailingRows() {
        TransformProject project = shop(Map.of());
        Node relationships = project.manifest().nodes().values().stream()
                .filter(node -> node.name().startsWith("relationships_"))
                .findFirst()
                .orElseThrow();
        String sql = project.compile(relationships, null, false);
        assertThat(sql)
                .contains("from (select * from \"analytics\".\"main_staging\".\"stg_orders\" where customer_id > 0)"
                        + " dbt_subquery")
                .contains("from \"analytics\".\"main_staging\".\"stg_customers\"")
                .contains("parent.to_field is null");
        Node accepted = project.manifest().nodes().values().stream()
                .filter(node -> node.name().startsWith("accepted_values_stg_orders"))
                .findFirst()
                .orElseThrow();
        assertThat(project.compile(accepted, null, false)).contains("not in ('placed', 'shipped', 'returned')");
        Node positive = project.manifest().nodes().values().stream()
                .filter(node -> node.name().equals("shop_positive_orders_amount"))
                .findFirst()
                .orElseThrow();
        assertThat(project.compile(positive, null, false))
                .isEqualTo("select * from \"analytics\".\"main\".\"fct_orders\" where amount <= 0");
    }

    @Test
    void dispatchReturnAndCompilerErrorsBehaveAsInDbt() {
        Fixtures.write(temp, "dbt_project.yml", "name: disp\nprofile: disp\n");
        Fixtures.write(
                temp,
                "macros/greeting.sql",
                """
                {% macro greeting(name) %}{{ return(adapter.dispatch('greeting', 'disp')(name)) }}{% endmacro %}
                {% macro default__greeting(name) %}hello {{ name }}{% endmacro %}
                {% macro duckdb__greeting(name) %}quack {{ name }}{% endmacro %}
                {% macro numbers() %}{% if true %}{{ return([1, 2, 3]) }}{% endif %}{{ return([0]) }}{% endmacro %}
                """);
        Fixtures.write(
                temp,
                "models/hello.sql",
                "{% set ns = numbers() %}select '{{ greeting('x') }}' as g, {{ ns | length }} as n,"
                        + " '{{ target.type }}/{{ target.schema }}/{{ target.profile_name }}' as t,"
                        + " '{{ config.get('materialized') }}' as m, '{{ this }}' as me");
        Fixtures.write(
                temp,
                "models/strict.sql",
                "select 1 as x\n{% if not var('allowed', false) %}{{ exceptions.raise_compiler_error('not allowed here') }}{% endif %}");
        TransformProject project =
                TransformProject.load(temp, Fixtures.duckdb(temp), Map.of("allowed", true), Map.of());
        assertThat(compile(project, "model.disp.hello"))
                .isEqualTo("select 'quack x' as g, 3 as n, 'duckdb/main/disp' as t, 'view' as m,"
                        + " '\"analytics\".\"main\".\"hello\"' as me");
        assertThatThrownBy(() ->
                        Fixtures.compileAll(TransformProject.load(temp, Fixtures.duckdb(temp), Map.of(), Map.of())))
                .isInstanceOf(TransformException.class)
                .hasMessage("Compilation error in model strict (models/strict.sql), line 2: not allowed here");
    }
}
