package io.weir.transform.compile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Macro argument defaults as Python's Jinja reads them: commas, calls and brackets inside a default. */
class MacroDefaultsTest {
    @TempDir
    Path temp;

    @Test
    void defaultsWithCommasCallsAndListsAreUsedUnlessAnArgumentIsGiven() {
        Fixtures.write(temp, "dbt_project.yml", "name: defaults\nprofile: defaults\n");
        Fixtures.write(
                temp,
                "macros/joined.sql",
                """
                {%- macro joined(columns, delimiter="', '", quoted=adapter.quote('a b'), extra=['x, y', 'z'],
                                 plain='p') -%}
                  {{ columns | join(delimiter) }}|{{ quoted }}|{{ extra | length }}|{{ plain }}
                {%- endmacro %}
                """);
        Fixtures.write(
                temp,
                "models/uses.sql",
                "select '{{ joined(['a', 'b']) }}' as d,\n"
                        + "  '{{ joined(['a', 'b'], delimiter='-', quoted='q', extra=[], plain='r') }}' as g");
        TransformProject project = TransformProject.load(temp, Fixtures.duckdb(temp), Map.of(), Map.of());
        assertThat(project.compile(project.manifest().nodes().get("model.defaults.uses"), null, false))
                .isEqualTo("select 'a', 'b|\"a b\"|2|p' as d,\n  'a-b|q|0|r' as g");
    }

    @Test
    void aDefaultMayNameAnEarlierArgumentOrAVariableAndIsReadWhenCalled() {
        Fixtures.write(temp, "dbt_project.yml", "name: defaults\nprofile: defaults\n");
        Fixtures.write(
                temp,
                "macros/named.sql",
                "{% macro named(schema_name, name=schema_name, where=target.schema, limit=3) %}"
                        + "{{ name }}.{{ where }}.{{ limit }}{% endmacro %}\n");
        Fixtures.write(
                temp, "models/uses.sql", "select '{{ named('raw') }}' as a, '{{ named('raw', 'x', 'y') }}' as b");
        TransformProject project = TransformProject.load(temp, Fixtures.duckdb(temp), Map.of(), Map.of());
        assertThat(project.compile(project.manifest().nodes().get("model.defaults.uses"), null, false))
                .isEqualTo("select 'raw.main.3' as a, 'x.y.3' as b");
    }
}
