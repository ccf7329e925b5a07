package io.weir.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.core.ErrorCode;
import io.weir.core.WeirException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreSettingsTest {
    private static final Path WEIR_DIR = Path.of("/p/.weir");

    @Test
    void defaultsToASharedH2FileInTheWeirFolder() {
        StoreSettings settings = StoreSettings.forProject(WEIR_DIR, Map.of());
        assertThat(settings.jdbcUrl())
                .startsWith("jdbc:h2:file:/p/.weir/metadata;")
                .contains("FILE_LOCK=FS")
                .doesNotContain("AUTO_SERVER");
        assertThat(settings.embeddedH2File()).isEqualTo(Path.of("/p/.weir/metadata"));
        assertThat(settings.isPostgres()).isFalse();
        assertThat(settings.describe()).isEqualTo("H2 file /p/.weir/metadata");
        assertThat(settings.secretKeyFile()).isEqualTo(Path.of("/p/.weir/secret.key"));
        assertThat(settings.secretKey()).isNull();
    }

    @Test
    void takesPostgresFromTheEnvironment() {
        StoreSettings settings = StoreSettings.forProject(
                WEIR_DIR,
                Map.of(
                        "WEIR_DB_URL", "jdbc:postgresql://db.internal:5433/weir?sslmode=require",
                        "WEIR_DB_USER", "weir",
                        "WEIR_DB_PASSWORD", "hunter2",
                        "WEIR_SECRET_KEY", "passphrase"));
        assertThat(settings.isPostgres()).isTrue();
        assertThat(settings.user()).isEqualTo("weir");
        assertThat(settings.password()).isEqualTo("hunter2");
        assertThat(settings.secretKey()).isEqualTo("passphrase");
        assertThat(settings.describe()).isEqualTo("PostgreSQL db.internal:5433/weir");
        assertThat(settings.toString()).doesNotContain("hunter2").doesNotContain("passphrase");
    }

    @Test
    void anH2UrlFromTheEnvironmentGetsTheDefaultUser() {
        StoreSettings settings =
                StoreSettings.forProject(WEIR_DIR, Map.of("WEIR_DB_URL", "jdbc:h2:tcp://metadata-host/weir"));
        assertThat(settings.user()).isEqualTo("sa");
        assertThat(settings.describe()).isEqualTo("H2 server metadata-host/weir");
    }

    @Test
    void refusesOtherDatabases() {
        assertThatThrownBy(() -> StoreSettings.forProject(WEIR_DIR, Map.of("WEIR_DB_URL", "jdbc:mysql://db/weir")))
                .isInstanceOf(WeirException.class)
                .hasMessageContaining("jdbc:mysql://db/weir")
                .hasMessageContaining("WEIR_DB_URL")
                .extracting(error -> ((WeirException) error).code())
                .isEqualTo(ErrorCode.CONFIGURATION);
    }

    @Test
    void aBlankSecretKeyMeansTheKeyFile() {
        assertThat(StoreSettings.forProject(WEIR_DIR, Map.of("WEIR_SECRET_KEY", "  "))
                        .secretKey())
                .isNull();
    }

    @Test
    void passwordsInUrlsAreHidden() {
        StoreSettings settings = new StoreSettings(
                "jdbc:postgresql://db/weir?user=weir&password=hunter2&currentSchema=ops", null, null, WEIR_DIR, null);
        assertThat(settings.redactedUrl())
                .isEqualTo("jdbc:postgresql://db/weir?user=weir&password=***&currentSchema=ops");
        assertThat(settings.describe()).isEqualTo("PostgreSQL db/weir schema ops");
        assertThat(new StoreSettings("jdbc:h2:file:/x/m;PASSWORD=hunter2;AUTO_SERVER=TRUE", null, null, WEIR_DIR, null)
                        .redactedUrl())
                .isEqualTo("jdbc:h2:file:/x/m;PASSWORD=***;AUTO_SERVER=TRUE");
        assertThat(new StoreSettings("jdbc:h2:mem:test", null, null, WEIR_DIR, null).describe())
                .isEqualTo("H2 in-memory test");
    }
}
