package io.weir.transform.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.transform.TransformException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An undefined name is a compile error naming the file and line, never empty text; return() ends its macro. */
class StrictJinjaTest {
    @TempDir
    Path temp;

    @BeforeEach
    void project() {
        Fixtures.write(temp, "dbt_project.yml", "name: strict\nprofile: strict\n");
    }

    private TransformProject load() {
        return TransformProject.load(temp, Fixtures.duckdb(temp), Map.of(), Map.of());
    }

    /** Loads the project and compiles each node, as {@code weir transform compile} does; the first error is thrown. */
    private void compileAll() {
        TransformProject project = load();
        project.manifest().nodes().values().forEach(node -> project.compile(node, null, false));
    }

    private String compile(String model) {
        TransformProject project = load();
        return project.compile(project.manifest().nodes().get("model.strict." + model), null, false);
    }

    @Test
    void aMacroOfAPackageThatIsNotThereIsAnErrorNotEmptyText() {
        Fixtures.write(
                temp,
                "models/events.sql",
                "select\n  id,\n  {{ dbt_utils.surrogate_key(['id', 'kind']) }} AS unique_key\nfrom raw_events");
        assertThatThrownBy(this::compileAll)
                .isInstanceOf(TransformException.class)
                .hasMessageStartingWith("Compilation error in model events (models/events.sql), line 3: ")
                .hasMessageContaining("'dbt_utils'")
                .hasMessageContaining("add it to packages.yml and run `weir transform deps`");
    }

    @Test
    void anUndefinedVariableIsAnErrorWhereverItsValueIsNeeded() {
        Fixtures.write(temp, "models/printed.sql", "select 1 as a,\n  {{ start_dte }} as b");
        assertThatThrownBy(this::compileAll)
                .hasMessage("Compilation error in model printed (models/printed.sql), line 2: 'start_dte' is"
                        + " undefined: no variable, argument or macro has that name; set it before using it, or"
                        + " test it with 'is defined'");

        Fixtures.write(temp, "models/printed.sql", "select 1 as a");
        Fixtures.write(temp, "models/tested.sql", "select 1 as a\n\n{% if full_load %}where 1 = 1{% endif %}");
        assertThatThrownBy(this::compileAll)
                .hasMessageStartingWith("Compilation error in model tested (models/tested.sql), line 3: 'full_load'");

        Fixtures.write(temp, "models/tested.sql", "select {{ columns | join(', ') }} from t");
        assertThatThrownBy(this::compileAll).hasMessageContaining("'columns' is undefined");
    }

    @Test
    void definedTestsDefaultsAndNamesSetToNoneAreNotErrors() {
        Fixtures.write(
                temp,
                "macros/pick.sql",
                """
                {% macro pick(value, fallback=none) %}
                  {%- set chosen = none -%}
                  {%- if fallback is not none %}{% set chosen = fallback %}{% endif -%}
                  {{- value if chosen is none else chosen -}}
                {% endmacro %}
                """);
        Fixtures.write(
                temp,
                "models/lenient.sql",
                "select '{{ pick('a') }}{{ pick('a', 'b') }}' as p,"
                        + " '{{ 'd' if maybe is defined else 'u' }}{{ 'u' if maybe is undefined }}' as q,"
                        + " '{{ maybe | default('x') }}{{ maybe | d('y') }}' as r");
        assertThat(compile("lenient")).isEqualTo("select 'ab' as p, 'uu' as q, 'xy' as r");
    }

    @Test
    void anUndefinedNameInsideAMacroNamesTheMacroFileAndLine() {
        Fixtures.write(
                temp,
                "macros/helpers.sql",
                """
                -- helpers
                {% macro first() %}{{ return(1) }}{% endmacro %}

                {% macro cents(column) %}
                  ({{ column }} * {{ scale_factor }})::bigint
                {% endmacro %}
                """);
        Fixtures.write(temp, "models/amounts.sql", "select\n{{ cents('amount') }} as amount_cents from t");
        assertThatThrownBy(this::compileAll)
                .hasMessage("Compilation error in model amounts (models/amounts.sql): in macro strict.cents"
                        + " (macros/helpers.sql, line 5): 'scale_factor' is undefined: no variable, argument or"
                        + " macro has that name; set it before using it, or test it with 'is defined'");
    }

    @Test
    void returnEndsTheMacroAtOnce() {
        Fixtures.write(
                temp,
                "macros/early.sql",
                """
                {% macro early(n) %}
                  {% for i in range(10) %}
                    {% if i == n %}{{ return(i * 10) }}{% endif %}
                    {{ log('looked at ' ~ i) }}
                  {% endfor %}
                  {{ exceptions.raise_compiler_error('reached the end of early()') }}
                {% endmacro %}
                {% macro nested() %}{% set inner = early(2) %}{{ return(inner + 1) }}{% endmacro %}
                """);
        Fixtures.write(temp, "models/returned.sql", "select {{ early(3) }} as a, {{ nested() }} as b");
        assertThat(compile("returned")).isEqualTo("select 30 as a, 21 as b");

        Fixtures.write(temp, "models/returned.sql", "select {{ early(30) }} as a");
        assertThatThrownBy(this::compileAll).hasMessageContaining("reached the end of early()");
    }
}
