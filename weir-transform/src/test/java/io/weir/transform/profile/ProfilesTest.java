package io.weir.transform.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.transform.TransformException;
import io.weir.warehouse.WarehouseTarget;
import io.weir.warehouse.WarehouseType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfilesTest {
    private static final String PROFILES =
            """
            shop:
              target: dev
              outputs:
                dev:
                  type: duckdb
                  path: "{{ env_var('SHOP_DB', 'data/shop.duckdb') }}"
                  threads: 4
                  attach:
                    - path: data/raw.duckdb
                    - path: data/other.duckdb
                      alias: elsewhere
                memory:
                  type: duckdb
                  path: ":memory:"
                prod:
                  type: postgres
                  host: db.internal
                  port: 6432
                  user: "{{ env_var('PG_USER') }}"
                  pass: "{{ env_var('PG_PASSWORD') }}"
                  dbname: analytics
                  schema: marts
                  threads: 8
                bad_type:
                  type: snowflake
                no_schema:
                  type: postgres
                  host: db
                  user: me
                  dbname: analytics
            """;

    @TempDir
    Path temp;

    private Path profilesDir() throws IOException {
        Files.writeString(temp.resolve("profiles.yml"), PROFILES);
        return temp;
    }

    @Test
    void readsTheDefaultDuckdbTargetWithAttachmentsRelativeToTheProject() throws IOException {
        Path project = temp.resolve("project");
        WarehouseTarget target = Profiles.load(profilesDir(), "shop", null, project, Map.of());
        assertThat(target.name()).isEqualTo("dev");
        assertThat(target.type()).isEqualTo(WarehouseType.DUCKDB);
        assertThat(target.jdbcUrl())
                .isEqualTo("jdbc:duckdb:" + project.resolve("data/shop.duckdb").toAbsolutePath());
        assertThat(target.database()).isEqualTo("shop");
        assertThat(target.schema()).isEqualTo("main");
        assertThat(target.threads()).isEqualTo(4);
        assertThat(target.attachments())
                .containsEntry("raw", project.resolve("data/raw.duckdb"))
                .containsEntry("elsewhere", project.resolve("data/other.duckdb"));

        WarehouseTarget fromEnv = Profiles.load(profilesDir(), "shop", null, project, Map.of("SHOP_DB", "x/y.db"));
        assertThat(fromEnv.database()).isEqualTo("y");
        assertThat(Profiles.load(profilesDir(), "shop", "memory", project, Map.of())
                        .jdbcUrl())
                .isEqualTo("jdbc:duckdb:");
    }

    @Test
    void readsAPostgresTargetWithCredentialsFromTheEnvironment() throws IOException {
        WarehouseTarget target =
                Profiles.load(profilesDir(), "shop", "prod", temp, Map.of("PG_USER", "dbt", "PG_PASSWORD", "secret"));
        assertThat(target.type()).isEqualTo(WarehouseType.POSTGRES);
        assertThat(target.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6432/analytics");
        assertThat(target.user()).isEqualTo("dbt");
        assertThat(target.password()).isEqualTo("secret");
        assertThat(target.database()).isEqualTo("analytics");
        assertThat(target.schema()).isEqualTo("marts");
        assertThat(target.threads()).isEqualTo(8);
    }

    @Test
    void mistakesNameProfilesYmlAndTheKey() throws IOException {
        Path dir = profilesDir();
        assertThatThrownBy(() -> Profiles.load(dir, "nope", null, temp, Map.of()))
                .isInstanceOf(TransformException.class)
                .hasMessageContaining("profiles.yml has no profile 'nope'");
        assertThatThrownBy(() -> Profiles.load(dir, "shop", "staging", temp, Map.of()))
                .hasMessageContaining("no output 'staging'");
        assertThatThrownBy(() -> Profiles.load(dir, "shop", "bad_type", temp, Map.of()))
                .hasMessageContaining("shop.outputs.bad_type.type 'snowflake' is not supported");
        assertThatThrownBy(() -> Profiles.load(dir, "shop", "no_schema", temp, Map.of()))
                .hasMessage("profiles.yml: shop.outputs.no_schema needs 'schema:'");
        assertThatThrownBy(() -> Profiles.load(dir, "shop", "prod", temp, Map.of()))
                .hasMessageContaining("profiles.yml")
                .hasMessageContaining("env_var('PG_USER') is not set");
        assertThatThrownBy(() -> Profiles.load(temp.resolve("elsewhere"), "shop", null, temp, Map.of()))
                .hasMessageContaining("No profiles.yml");
    }
}
