package io.weir.core.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.core.ErrorCode;
import io.weir.core.WeirException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectSettingsTest {
    @TempDir
    Path project;

    @Test
    void withoutWeirYamlEverySettingHasItsDefault() {
        ProjectSettings settings = ProjectSettings.load(project);
        assertThat(settings).isEqualTo(ProjectSettings.defaults());
        assertThat(settings.dagsFolder()).isEqualTo(Path.of("dags"));
        assertThat(settings.dagsDir(project)).isEqualTo(project.resolve("dags"));
        assertThat(settings.dagsArePausedAtCreation()).isTrue();
        assertThat(settings.parallelism()).isEqualTo(32);
        assertThat(settings.defaultPoolSlots()).isEqualTo(128);
        assertThat(settings.logsRetentionDays()).isEqualTo(30);
        assertThat(settings.logsMaxSizeBytes()).isEqualTo(5L * 1024 * 1024 * 1024);
        assertThat(settings.zombieThreshold()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.heartbeat()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.dagDirListInterval()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void anEmptyFileKeepsTheDefaults() throws IOException {
        write("# nothing set yet\n");
        assertThat(ProjectSettings.load(project)).isEqualTo(ProjectSettings.defaults());
    }

    @Test
    void readsEverySetting() throws IOException {
        write(
                """
                dags_folder: pipelines
                dags_are_paused_at_creation: false
                parallelism: 8
                default_pool_slots: 64
                logs:
                  retention_days: 7
                  max_size: 512 MB
                scheduler:
                  zombie_threshold: 10m
                  heartbeat: 2s
                  dag_dir_list_interval: PT30S
                warehouse:
                  type: postgres
                  url: jdbc:postgresql://warehouse.internal/analytics
                  threads: 4
                """);
        ProjectSettings settings = ProjectSettings.load(project);
        assertThat(settings)
                .isEqualTo(new ProjectSettings(
                        Path.of("pipelines"),
                        false,
                        8,
                        64,
                        7,
                        512L * 1024 * 1024,
                        Duration.ofMinutes(10),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(30),
                        Map.of(
                                "type",
                                "postgres",
                                "url",
                                "jdbc:postgresql://warehouse.internal/analytics",
                                "threads",
                                "4")));
        assertThat(settings.describe()).contains("logs.max_size=512.0 MB").contains("scheduler.zombie_threshold=10m");
    }

    @Test
    void aPartialSectionKeepsTheOtherDefaults() throws IOException {
        write("logs:\n  max_size: 1073741824\n");
        ProjectSettings settings = ProjectSettings.load(project);
        assertThat(settings.logsMaxSizeBytes()).isEqualTo(1024L * 1024 * 1024);
        assertThat(settings.logsRetentionDays()).isEqualTo(30);
    }

    @Test
    void anUnknownKeyNamesTheFileLineAndKey() throws IOException {
        write("parallelism: 4\nscheduler:\n  heartbeats: 5s\n");
        assertThatThrownBy(() -> ProjectSettings.load(project))
                .isInstanceOf(WeirException.class)
                .hasMessage(project.resolve("weir.yaml") + ":3:3: unknown key 'scheduler.heartbeats'; allowed keys in"
                        + " 'scheduler': dag_dir_list_interval, heartbeat, zombie_threshold")
                .extracting(e -> ((WeirException) e).code())
                .isEqualTo(ErrorCode.CONFIGURATION);
    }

    @Test
    void aBadValueNamesTheFileLineAndKey() throws IOException {
        write("parallelism: many\n");
        assertThatThrownBy(() -> ProjectSettings.load(project))
                .hasMessageEndingWith("weir.yaml:1:14: 'parallelism' must be a whole number of at least 1, not 'many'");
        write("logs: {max_size: 5 XB}\n");
        assertThatThrownBy(() -> ProjectSettings.load(project))
                .hasMessageContaining("weir.yaml:1:18: 'logs.max_size': '5 XB' is not a size");
        write("scheduler:\n  heartbeat: 0s\n");
        assertThatThrownBy(() -> ProjectSettings.load(project))
                .hasMessageContaining("weir.yaml:2:14: 'scheduler.heartbeat': a duration here must be more than zero");
        write("dags_are_paused_at_creation: maybe\n");
        assertThatThrownBy(() -> ProjectSettings.load(project))
                .hasMessageContaining("'dags_are_paused_at_creation' must be true or false, not 'maybe'");
        write("logs: 30\n");
        assertThatThrownBy(() -> ProjectSettings.load(project))
                .hasMessageContaining("'logs' must be a mapping of settings");
        write("parallelism: 4\nparallelism: 8\n");
        assertThatThrownBy(() -> ProjectSettings.load(project))
                .hasMessageContaining(":2:1: 'parallelism' is set twice");
        write("warehouse:\n  type: snowflake\n");
        assertThatThrownBy(() -> ProjectSettings.load(project))
                .hasMessageContaining("weir.yaml:2:9: 'warehouse.type' must be duckdb or postgres, not 'snowflake'");
        write("parallelism: [4\n");
        assertThatThrownBy(() -> ProjectSettings.load(project))
                .isInstanceOf(WeirException.class)
                .hasMessageContaining("weir.yaml:2:1: is not valid YAML");
    }

    @Test
    void bytesSizesAcceptCommonUnits() {
        assertThat(ByteSizes.parse("5 GB")).isEqualTo(5L << 30);
        assertThat(ByteSizes.parse("5gb")).isEqualTo(5L << 30);
        assertThat(ByteSizes.parse("1.5 MB")).isEqualTo(3L << 19);
        assertThat(ByteSizes.parse("100 KB")).isEqualTo(102_400);
        assertThat(ByteSizes.parse("2 TB")).isEqualTo(2L << 40);
        assertThat(ByteSizes.parse("2GiB")).isEqualTo(2L << 30);
        assertThat(ByteSizes.parse("4096")).isEqualTo(4096);
        assertThat(ByteSizes.parse("10 bytes")).isEqualTo(10);
        assertThat(ByteSizes.format(5L << 30)).isEqualTo("5.0 GB");
        assertThat(ByteSizes.format(812)).isEqualTo("812 B");
        assertThatThrownBy(() -> ByteSizes.parse("lots"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("512 MB");
    }

    private void write(String content) throws IOException {
        Files.writeString(project.resolve("weir.yaml"), content);
    }
}
