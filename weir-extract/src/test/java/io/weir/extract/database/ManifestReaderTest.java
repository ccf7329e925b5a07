package io.weir.extract.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.core.schedule.DataInterval;
import io.weir.extract.ExtractException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestReaderTest {
    @TempDir
    Path dir;

    private static final String LICENSE =
            """
            connection_info:            # each value is the NAME of an environment variable or secret
              user: LICENSE_DB_USER
              pass: LICENSE_DB_PASS
              host: LICENSE_DB_HOST
              database: LICENSE_DB_NAME
              port: PG_PORT
            tables:
              add_ons:
                import_db: LICENSE_DB
                import_query: >
                  SELECT id, name, code, created_at, updated_at
                  FROM add_ons
                  WHERE updated_at BETWEEN '{EXECUTION_DATE}'::timestamp - interval '{DAYS} day'
                    AND '{EXECUTION_DATE}'::timestamp
                export_db: EXPORT_DB
                export_schema: 'license'
                export_table: 'add_ons'
                export_table_primary_key: id
                additional_filtering: AND id > 0      # optional, appended to the query
                advanced_metadata: false              # optional
              schema_migrations:                      # no time placeholder: a full copy each run (SCD)
                import_db: LICENSE_DB
                import_query: SELECT version FROM schema_migrations
                export_schema: 'license'
                export_table: 'schema_migrations'
                export_table_primary_key: version
            """;

    private Manifest read(String text) throws Exception {
        Path file = dir.resolve("license_db_manifest.yaml");
        Files.writeString(file, text);
        return ManifestReader.read(file, "extract/license_db_manifest.yaml");
    }

    @Test
    void readsTheTeamsManifestUnmodified() throws Exception {
        Manifest manifest = read(LICENSE);

        assertThat(manifest.connection())
                .isEqualTo(new ConnectionInfo(
                        SourceDriver.POSTGRESQL,
                        "LICENSE_DB_USER",
                        "LICENSE_DB_PASS",
                        "LICENSE_DB_HOST",
                        "LICENSE_DB_NAME",
                        "PG_PORT"));
        assertThat(manifest.tables()).containsOnlyKeys("add_ons", "schema_migrations");
        ManifestTable addOns = manifest.tables().get("add_ons");
        assertThat(addOns.rawTableName()).isEqualTo("license_db_add_ons");
        assertThat(addOns.primaryKey()).containsExactly("id");
        assertThat(addOns.additionalFiltering()).isEqualTo("AND id > 0");
        assertThat(addOns.exportDb()).isEqualTo("EXPORT_DB");
        assertThat(Placeholders.isIncremental(addOns.importQuery())).isTrue();
        assertThat(Placeholders.isIncremental(
                        manifest.tables().get("schema_migrations").importQuery()))
                .isFalse();
    }

    @Test
    void placeholdersAreFilledFromTheIntervalAndTheVariables() throws Exception {
        ManifestTable addOns = read(LICENSE).tables().get("add_ons");
        DataInterval interval = new DataInterval(
                java.time.Instant.parse("2024-05-01T00:00:00Z"), java.time.Instant.parse("2024-05-02T00:00:00Z"));

        String query = Placeholders.render(addOns.importQuery(), interval, Map.of("DAYS", "3"), "table add_ons");

        assertThat(query)
                .isEqualTo(
                        "SELECT id, name, code, created_at, updated_at FROM add_ons WHERE updated_at BETWEEN"
                                + " '2024-05-02 00:00:00'::timestamp - interval '3 day'\n  AND '2024-05-02 00:00:00'::timestamp");
    }

    @Test
    void anUnknownKeyIsNamedWithItsLineAndTheClosestKnownKey() {
        assertThatThrownBy(() -> read(LICENSE.replace(
                        "    export_table_primary_key: version", "    export_tabel_primary_key: version")))
                .isInstanceOf(ExtractException.class)
                .hasMessageContaining("extract/license_db_manifest.yaml:26: unknown key 'export_tabel_primary_key' in"
                        + " table schema_migrations; did you mean 'export_table_primary_key'?")
                .hasMessageContaining("table schema_migrations has no export_table_primary_key; add it");
    }

    @Test
    void anUnknownConnectionKeyOrDriverIsAnError() {
        assertThatThrownBy(() -> read(LICENSE.replace("  port: PG_PORT", "  port: PG_PORT\n  sslmode: require")))
                .hasMessageContaining(":7: unknown key 'sslmode' in connection_info");
        assertThatThrownBy(() -> read(LICENSE.replace("  port: PG_PORT", "  port: PG_PORT\n  driver: oracle")))
                .hasMessageContaining(":7: connection_info.driver 'oracle' is not one of postgresql, mariadb, sqlite");
    }

    @Test
    void missingSectionsAndBadValuesAreEachNamed() {
        assertThatThrownBy(() -> read("tables: {}\n")).hasMessageContaining("the manifest has no connection_info");
        assertThatThrownBy(() -> read(LICENSE.replace("advanced_metadata: false", "advanced_metadata: maybe")))
                .hasMessageContaining(":20: 'advanced_metadata' of table add_ons must be true or false, not 'maybe'");
        assertThatThrownBy(() -> read(LICENSE.replace(
                        "import_db: LICENSE_DB\n    import_query: SELECT",
                        "import_db: LICENSE_DB\n    load_type: sometimes\n    import_query: SELECT")))
                .hasMessageContaining("load_type 'sometimes' is not one of incremental, scd, sync, validate");
        assertThatThrownBy(() -> read("connection_info: [\n"))
                .hasMessageStartingWith("extract/license_db_manifest.yaml:2: not valid YAML");
    }

    @Test
    void aMissingFileSaysWhereItWasLookedFor() {
        assertThatThrownBy(() -> ManifestReader.read(dir.resolve("nope.yaml"), "extract/nope.yaml"))
                .hasMessage("The manifest extract/nope.yaml does not exist; check the 'manifest' path, which is"
                        + " relative to the project");
    }

    @Test
    void aCompositeKeyIsSplitOnCommas() throws Exception {
        Manifest manifest =
                read(LICENSE.replace("export_table_primary_key: version", "export_table_primary_key: version, name"));

        assertThat(manifest.tables().get("schema_migrations").primaryKey()).isEqualTo(List.of("version", "name"));
    }
}
