package io.weir.transform.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.transform.Transform;
import io.weir.transform.TransformException;
import io.weir.transform.TransformOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code require-dbt-version} against the dbt version Weir reports, and warnings for keys dbt does not know. */
class ProjectSettingsChecksTest {
    @TempDir
    Path temp;

    private void project(String settings) {
        Fixtures.write(temp, "shop/dbt_project.yml", settings);
        Fixtures.write(temp, "shop/models/numbers.sql", "select 1 as n\n");
    }

    private TransformOptions options() {
        return new TransformOptions(
                temp.resolve("shop"),
                null,
                null,
                List.of(),
                List.of(),
                false,
                Map.of(),
                1,
                false,
                Fixtures.duckdb(temp),
                null,
                null,
                null,
                Map.of());
    }

    private String compile() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream print = new PrintStream(bytes, true, StandardCharsets.UTF_8);
                Transform transform = Transform.open(options())) {
            transform.compile(print);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aRequiredDbtVersionWeirIsNotIsAnErrorNamingTheFileLineAndVersion() {
        project("name: shop\nprofile: shop\nrequire-dbt-version: [\">=1.9.0\", \"<2.0.0\"]\n");

        assertThatThrownBy(this::compile)
                .isInstanceOf(TransformException.class)
                .hasMessage(temp.resolve("shop/dbt_project.yml") + " line 3: require-dbt-version [>=1.9.0, <2.0.0]"
                        + " does not allow dbt 1.8.0, the version Weir runs projects as (`weir transform debug` shows"
                        + " it); widen the range, or use a release of the package made for dbt 1.8.0");
    }

    @Test
    void aRequiredDbtVersionRangeThatHoldsLoadsAndDebugReportsTheVersion() {
        project("name: shop\nprofile: shop\nrequire-dbt-version: \">=1.0.0, <2.0.0\"\n");
        assertThat(compile()).contains("Compiled 1 model");

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream print = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            assertThat(Transform.debug(options(), print)).isTrue();
        }
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("dbt version: 1.8.0");
    }

    @Test
    void anUnknownKeyIsAWarningNamingItsLineAndACloseKey() {
        project("name: shop\nprofile: shop\n\nmodles:\n  +materialized: table\nflavour: mint\n");

        assertThat(compile())
                .contains("Warning: dbt_project.yml line 4: unknown key 'modles' is ignored; did you mean 'models'?")
                .contains("Warning: dbt_project.yml line 6: unknown key 'flavour' is ignored")
                .contains("Compiled 1 model");
    }
}
