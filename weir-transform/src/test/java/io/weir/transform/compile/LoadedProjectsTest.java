package io.weir.transform.compile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadedProjectsTest {
    @TempDir
    Path temp;

    @Test
    void anUnchangedProjectIsParsedOnceAndAChangedFileIsReadAgain() {
        Fixtures.write(temp, "dbt_project.yml", "name: kept\nprofile: kept\n");
        Fixtures.write(temp, "models/a.sql", "select 1 as id");

        TransformProject first = TransformProject.load(temp, Fixtures.duckdb(temp), Map.of(), Map.of());
        TransformProject second = TransformProject.load(temp, Fixtures.duckdb(temp), Map.of(), Map.of());
        TransformProject otherVars = TransformProject.load(temp, Fixtures.duckdb(temp), Map.of("x", 1), Map.of());
        Fixtures.write(temp, "models/a.sql", "select 1 as id, 2 as two");
        Fixtures.write(temp, "models/b.sql", "select * from {{ ref('a') }}");
        TransformProject changed = TransformProject.load(temp, Fixtures.duckdb(temp), Map.of(), Map.of());

        assertThat(second.manifest()).isSameAs(first.manifest());
        assertThat(otherVars.manifest()).isNotSameAs(first.manifest());
        assertThat(changed.manifest().nodes()).containsKeys("model.kept.a", "model.kept.b");
        assertThat(changed.manifest().nodes().get("model.kept.a").rawCode()).isEqualTo("select 1 as id, 2 as two");
    }
}
