package io.weir.transform.compile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Python's dict and str methods, dbt's relations and flags, as templates written for dbt use them. */
class PythonConstructsTest {
    @TempDir
    Path temp;

    private String compile(String sql) {
        Fixtures.write(temp, "dbt_project.yml", "name: py\nprofile: py\n");
        Fixtures.write(temp, "models/base.sql", "select 1 as id");
        Fixtures.write(temp, "models/probe.sql", sql);
        TransformProject project = TransformProject.load(temp, Fixtures.duckdb(temp), Map.of(), Map.of());
        return project.compile(project.manifest().nodes().get("model.py.probe"), null, false);
    }

    @Test
    void dictMethodsAsInPython() {
        assertThat(
                        compile(
                                """
                        {%- set d = {'a': 1} -%}
                        {{ d.get('b', 2) }} {{ d.get('a', 9) }} {{ d.setdefault('c', 3) }} {{ d.setdefault('a', 7) }}
                        {%- do d.update(e=5) %} {{ d.pop('e') }} {{ d.pop('missing', 'none left') }} {{ d | length }}"""))
                .isEqualTo("2 1 3 1 5 none left 2");
    }

    @Test
    void stringMethodsAsInPython() {
        assertThat(
                        compile(
                                """
                        {{- 'a,b,,c'.split(',') | length }} {{ ' x  y '.split() | join('+') }} {{ 'xaxy'.strip('xy') }}
                        {{- ' ' ~ 'Abc'.upper() }} {{ 'abc'.startswith(('x', 'a')) }} {{ 'abc'.endswith('bc') }}
                        {{- ' ' ~ ', '.join(['a', 'b']) }} {{ '{}-{}'.format(1, 2) }} {{ '{0}{0}{name}'.format('x', name='y') }}"""))
                .isEqualTo("4 x+y a ABC true true a, b 1-2 xxy");
    }

    @Test
    void dispatchedCallsPassArgumentsOnWithUnpacking() {
        Fixtures.write(
                temp,
                "macros/passing.sql",
                """
                {% macro outer(first) %}{{ return(adapter.dispatch('inner', 'py')(first, *varargs, **kwargs)) }}{% endmacro %}
                {% macro only_rest() %}{{ return(adapter.dispatch('inner', 'py')(*varargs)) }}{% endmacro %}
                {% macro default__inner(a, b='-', c='-') %}{{ a }}{{ b }}{{ c }}{% endmacro %}
                """);
        assertThat(compile("{{ outer(1) }} {{ outer(1, 2) }} {{ outer(1, c=3) }} {{ only_rest(4, 5, 6) }}"))
                .isEqualTo("1-- 12- 1-3 456");
    }

    @Test
    void backslashEscapesAsPythonReadsThem() {
        String probe = "{{ '\\/' }}|{{ 'a\\*b' }}|{{ \"100\\%\" }}|{{ 'it\\'s' }}|{{ 'say \\\"hi\\\"' }}|"
                + "{{ 'back\\\\slash' }}|{{ 'tab\\there' | length }}|{% set long = 'one \\\ntwo' %}{{ long }}\n"
                + "{{ nope_is_line_three }}";
        assertThat(probe).contains("'one \\\ntwo'");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> compile(probe))
                .hasMessageContaining("line 3: 'nope_is_line_three' is undefined");
        assertThat(compile(probe.substring(0, probe.indexOf("\n{{ nope"))))
                .isEqualTo("\\/|a\\*b|100\\%|it's|say \"hi\"|back\\slash|8|one two");
    }

    @Test
    void relationsAreMappingsWithDbtsMethods() {
        assertThat(
                        compile(
                                """
                        {%- set r = ref('base') -%}
                        {{ r is mapping }} {{ r.get('metadata', {}).get('type', '').endswith('Relation') }}
                        {{- ' ' ~ r.identifier }} {{ r.schema }} {{ r.include(database=false) }}
                        {{- ' ' ~ r.incorporate(type='view').is_view }} {{ r.incorporate(path={'identifier': 'other'}) }}
                        {{- ' ' ~ r.without_identifier() }} {{ r.render() }} {{ flags.WHICH }}"""))
                .isEqualTo("true true base main \"main\".\"base\" true \"analytics\".\"main\".\"other\""
                        + " \"analytics\".\"main\" \"analytics\".\"main\".\"base\" run");
    }
}
