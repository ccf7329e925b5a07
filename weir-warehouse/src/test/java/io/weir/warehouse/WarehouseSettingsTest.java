package io.weir.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.core.project.ProjectSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarehouseSettingsTest {
    @TempDir
    Path project;

    @Test
    void withoutSettingsEveryFlavorUsesTheEmbeddedDuckDbWithRawAttached() {
        WarehouseTarget target = settings(Map.of()).target(Flavor.TRANSFORM);

        assertThat(target.type()).isEqualTo(WarehouseType.DUCKDB);
        assertThat(target.jdbcUrl())
                .isEqualTo("jdbc:duckdb:"
                        + project.resolve(".weir/warehouse/analytics.duckdb").toAbsolutePath());
        assertThat(target.database()).isEqualTo("analytics");
        assertThat(target.schema()).isEqualTo("analytics");
        assertThat(target.attachments()).containsEntry("raw", project.resolve(".weir/warehouse/raw.duckdb"));
    }

    @Test
    void aFlavorsVariablesOverrideTheSettings() throws Exception {
        Files.writeString(
                project.resolve("weir.yaml"),
                "warehouse:\n  type: postgres\n  url: jdbc:postgresql://db:5432/warehouse\n  user: weir\n");
        Map<String, String> env = Map.of(
                "WEIR_WAREHOUSE_TEST_URL", "jdbc:postgresql://replica:5432/warehouse_ro?ssl=true",
                "WEIR_WAREHOUSE_TEST_USER", "tester",
                "WEIR_WAREHOUSE_TEST_PASSWORD", "s3cret",
                "WEIR_WAREHOUSE_TEST_ROLE", "reporter");

        WarehouseTarget transform = settings(env).target(Flavor.TRANSFORM);
        WarehouseTarget test = settings(env).target(Flavor.TEST);

        assertThat(transform.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/warehouse");
        assertThat(transform.user()).isEqualTo("weir");
        assertThat(transform.database()).isEqualTo("warehouse");
        assertThat(test.jdbcUrl())
                .isEqualTo("jdbc:postgresql://replica:5432/warehouse_ro?ssl=true&options=-c+role%3Dreporter");
        assertThat(test.user()).isEqualTo("tester");
        assertThat(test.password()).isEqualTo("s3cret");
        assertThat(test.database()).isEqualTo("warehouse_ro");
    }

    @Test
    void aUrlOfAnotherKindIsRefusedWithWhatToWrite() {
        assertThatThrownBy(() -> settings(Map.of("WEIR_WAREHOUSE_LOAD_URL", "jdbc:mysql://x/y"))
                        .target(Flavor.LOAD))
                .hasMessageContaining("WEIR_WAREHOUSE_LOAD_URL")
                .hasMessageContaining("neither jdbc:duckdb:<file> nor jdbc:postgresql://host/database");
    }

    private WarehouseSettings settings(Map<String, String> env) {
        return WarehouseSettings.of(project, ProjectSettings.load(project), env);
    }
}
