package io.weir.transform.compile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PythonStringMethodsTest {
    @TempDir
    Path temp;

    @Test
    void stringMethodsOfPythonWorkInTemplates() {
        Fixtures.write(temp, "dbt_project.yml", "name: same\nprofile: same\n");
        Fixtures.write(
                temp,
                "models/names.sql",
                "{% set name = 'Orders' %}select '{{ name.lower() }}' as a, '{{ name.upper() }}' as b,"
                        + " {{ name.startswith('Ord') }} as c, {{ name.endswith('x') }} as d,"
                        + " '{{ \"keep.lower()\" }}' as e, '{{ 'big cat'.title() }}' as f");
        TransformProject project = TransformProject.load(temp, Fixtures.duckdb(temp), Map.of(), Map.of());

        String sql = project.compile(project.manifest().nodes().get("model.same.names"), null, false);

        assertThat(sql)
                .isEqualTo("select 'orders' as a, 'ORDERS' as b, true as c, false as d, 'keep.lower()' as e,"
                        + " 'Big Cat' as f");
    }
}
