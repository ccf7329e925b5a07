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

/** {@code weir transform compile} has written every compiled file when it returns. */
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
        TransformOptions options = new TransformOptions(
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
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
                Transform transform = Transform.open(options)) {
            assertThat(transform.compile(out)).isEqualTo(MODELS);
            for (int i = 0; i < MODELS; i++) {
                Path file = project.resolve("target/compiled/many/models/m" + i + ".sql");
                assertThat(file).as("m%d", i).exists();
                assertThat(Files.readString(file)).startsWith("select " + i + " as n");
            }
        }
    }
}
