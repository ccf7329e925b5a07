package io.weir.transform.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.transform.Transform;
import io.weir.transform.TransformOptions;
import io.weir.transform.compile.Fixtures;
import io.weir.warehouse.testing.TestWarehouses;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code weir transform compile} has written every compiled file when it returns, and compiles past a node that
 * fails, skipping only what depends on it.
 */
class CompileCommandTest {
    private static final int MODELS = 400;

    @TempDir
    Path dir;

    @Test
    void everyCompiledFileIsWrittenBeforeCompileReturns() throws IOException {
        Path project = dir.resolve("many");
        Fixtures.write(project, "dbt_project.yml", "name: many\nprofile: many\n");
        for (int i = 0; i < MODELS; i++) {
            Fixtures.write(
                    project,
                    "models/m" + i + ".sql",
                    "{% set n = " + i + " %}select {{ n }} as n" + (i == 0 ? "" : ", * from {{ ref('m0') }}"));
        }
        TransformOptions options = options(project);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
                Transform transform = Transform.open(options)) {
            Transform.CompileSummary summary = transform.compile(out);
            assertThat(summary.selected()).isEqualTo(MODELS);
            assertThat(summary.success()).isTrue();
            for (int i = 0; i < MODELS; i++) {
                Path file = project.resolve("target/compiled/many/models/m" + i + ".sql");
                assertThat(file).as("m%d", i).exists();
                assertThat(Files.readString(file)).startsWith("select " + i + " as n");
            }
        }
    }

    @Test
    void aNodeThatFailsToCompileIsAnErrorItsDescendantsAreSkippedAndTheRestCompiles() throws IOException {
        Path project = dir.resolve("broken");
        Fixtures.write(project, "dbt_project.yml", "name: broken\nprofile: broken\n");
        Fixtures.write(project, "models/base.sql", "select 1 as id");
        Fixtures.write(project, "models/parse_error.sql", "select {{ 1 + }} as id from {{ ref('base') }}");
        Fixtures.write(project, "models/undefined.sql", "select {{ no_such_macro() }} as id from {{ ref('base') }}");
        Fixtures.write(project, "models/after_undefined.sql", "select * from {{ ref('undefined') }}");
        Fixtures.write(project, "models/after_base.sql", "select * from {{ ref('base') }}");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Transform.CompileSummary summary;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
                Transform transform = Transform.open(options(project))) {
            summary = transform.compile(out);
        }

        assertThat(summary.success()).isFalse();
        assertThat(summary.errors()).containsOnlyKeys("model.broken.parse_error", "model.broken.undefined");
        assertThat(summary.errors().get("model.broken.parse_error"))
                .contains("model parse_error (models/parse_error.sql)");
        assertThat(summary.errors().get("model.broken.undefined"))
                .contains("model undefined (models/undefined.sql)")
                .contains("no_such_macro");
        assertThat(summary.skipped()).containsExactly("model.broken.after_undefined");
        assertThat(project.resolve("target/compiled/broken/models/after_base.sql"))
                .content()
                .startsWith("select * from ")
                .endsWith("\"analytics\".\"base\"");
        assertThat(project.resolve("target/compiled/broken/models/after_undefined.sql"))
                .doesNotExist();
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .contains("ERROR Compilation error in model undefined (models/undefined.sql)")
                .contains("Compiled 5 models into target/compiled/broken; ERROR=2 SKIP=1");
    }

    private TransformOptions options(Path project) {
        return new TransformOptions(
                project,
                null,
                null,
                List.of(),
                List.of(),
                false,
                Map.of(),
                1,
                false,
                TestWarehouses.duckdb(dir, "analytics"),
                null,
                null,
                null,
                Map.of());
    }
}
