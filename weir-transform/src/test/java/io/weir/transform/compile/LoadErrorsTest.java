package io.weir.transform.compile;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.transform.TransformException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Problems outside a node's Jinja stop the load with one message naming the file and the line. */
class LoadErrorsTest {
    @TempDir
    Path temp;

    private Path root;

    @BeforeEach
    void project() {
        root = temp.resolve("shop");
        Fixtures.write(root, "dbt_project.yml", "name: shop\nprofile: shop\n");
        Fixtures.write(root, "models/numbers.sql", "select {{ cents('n') }} as n\n");
        Fixtures.write(root, "macros/money.sql", "{% macro cents(c) %}{{ c }} * 100{% endmacro %}\n");
    }

    private void load() {
        TransformProject.load(root, Fixtures.duckdb(temp), Map.of(), Map.of());
    }

    @Test
    void aMacroWithAnUnclosedTagNamesTheFileAndLine() {
        Fixtures.write(root, "macros/broken.sql", "\n\n{% macro broken(x) %}\n{% if x %}\nyes\n{% endmacro %}\n");

        assertThatThrownBy(this::load)
                .isInstanceOf(TransformException.class)
                .hasMessage("Compilation error in macro broken (macros/broken.sql), line 6: Syntax error in"
                        + " '{% endmacro %}': Mismatched end tag, expected: endif");
    }

    @Test
    void aMacroWhoseHeaderDoesNotParseNamesTheFileAndLine() {
        Fixtures.write(root, "macros/broken.sql", "\n{% macro broken(x %}\n{{ x }}\n{% endmacro %}\n");

        assertThatThrownBy(this::load)
                .hasMessage("Compilation error in macros/broken.sql, line 2: the macro broken does not start as {%"
                        + " macro name(arguments) %}: '{% macro broken(x %}' has unmatched parentheses; fix its first"
                        + " line");
    }

    @Test
    void aMacroWithoutItsEndNamesTheFileAndLine() {
        Fixtures.write(root, "macros/broken.sql", "{% macro fine() %}1{% endmacro %}\n\n{% test positive(model) %}\n");

        assertThatThrownBy(this::load)
                .hasMessage("Compilation error in macros/broken.sql, line 3: {% test positive %} has no {% endtest %}");
    }

    @Test
    void invalidPropertiesYamlNamesTheFileAndLine() {
        Fixtures.write(root, "models/schema.yml", "version: 2\nmodels:\n  - name: numbers\n   columns:\n");

        assertThatThrownBy(this::load).hasMessageStartingWith("Invalid YAML in models/schema.yml, line 4: ");
    }

    @Test
    void invalidProjectYamlNamesTheFileAndLine() {
        Fixtures.write(root, "dbt_project.yml", "name: shop\nprofile: shop\nmodels:\n  shop:\n   - x\n  y: [\n");

        assertThatThrownBy(this::load).hasMessageStartingWith("Invalid YAML in dbt_project.yml, line 6: ");
    }
}
