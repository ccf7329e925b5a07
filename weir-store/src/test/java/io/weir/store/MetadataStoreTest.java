package io.weir.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.core.ErrorCode;
import io.weir.core.WeirException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening, migrating and sharing the embedded database, beyond what the repository contract covers. */
class MetadataStoreTest {
    @TempDir
    Path weirDir;

    @Test
    void anUnreachableServerIsOneSentenceWithoutThePassword() {
        StoreSettings settings = new StoreSettings(
                "jdbc:postgresql://127.0.0.1:1/weir?password=hunter2&connectTimeout=2",
                "weir",
                "hunter2",
                weirDir.resolve("secret.key"),
                null);
        assertThatThrownBy(() -> MetadataStore.open(settings))
                .isInstanceOf(WeirException.class)
                .hasMessageStartingWith("Cannot connect to the metadata database at jdbc:postgresql://127.0.0.1:1/weir")
                .hasMessageContaining("(Connection refused); check that the server is running")
                .hasMessageEndingWith("are right.")
                .hasMessageNotContaining("hunter2")
                .extracting(error -> ((WeirException) error).code())
                .isEqualTo(ErrorCode.METADATA_DB);
    }

    @Test
    void theLatestMigrationConstantNamesTheNewestMigrationFile() {
        assertThat(MetadataStore.LATEST_MIGRATION)
                .as("MetadataStore.LATEST_MIGRATION must name the newest migration, or every command would take"
                        + " Flyway's slow path, or skip a pending migration")
                .isEqualTo(Integer.toString(Migrations.count()));
    }

    @Test
    void flywaySaysNothingOfTheH2VersionButStillLogsItsOtherMessages() {
        ch.qos.logback.classic.Logger flyway =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.flywaydb");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> heard =
                new ch.qos.logback.core.read.ListAppender<>();
        heard.start();
        ch.qos.logback.classic.Level level = flyway.getLevel();
        flyway.setLevel(ch.qos.logback.classic.Level.INFO);
        flyway.addAppender(heard);
        try (MetadataStore store = MetadataStore.open(StoreSettings.forProject(weirDir, Map.of()))) {
            store.migrate();
            store.check();
        } finally {
            flyway.detachAppender(heard);
            flyway.setLevel(level);
        }

        List<String> messages = heard.list.stream()
                .map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                .toList();
        assertThat(messages).noneMatch(message -> message.contains("is newer than this version of Flyway"));
        assertThat(messages).anyMatch(message -> message.startsWith("Successfully applied"));
    }

    @Test
    void aNewDatabaseIsEmptyUntilMigrated() {
        try (MetadataStore store = MetadataStore.open(StoreSettings.forProject(weirDir, Map.of()))) {
            MigrationStatus status = store.check();
            assertThat(status.reachable()).isTrue();
            assertThat(status.currentVersion()).isNull();
            assertThat(status.pendingCount()).isEqualTo(Migrations.count());
            assertThat(status.upToDate()).isFalse();
            assertThat(store.describe())
                    .isEqualTo("H2 file " + weirDir.resolve("metadata").toAbsolutePath());

            assertThat(store.migrate()).isEqualTo(Migrations.count());
            assertThat(store.migrate()).isZero();
            assertThat(store.check().upToDate()).isTrue();
        }
        assertThat(weirDir.resolve("metadata.mv.db")).exists();
    }

    @Test
    void ensureMigratedInitialisesAnEmptyDatabase() {
        try (MetadataStore store = MetadataStore.open(StoreSettings.forProject(weirDir.resolve("nested"), Map.of()))) {
            store.ensureMigrated();
            assertThat(store.check().upToDate()).isTrue();
            assertThat(store.inTransaction(
                            (MetadataSession session) -> session.pools().list()))
                    .hasSize(1);
        }
    }

    @Test
    void aDatabaseOfAnOlderWeirIsRefusedUntilUpgradedAndKeepsItsRows() {
        try (MetadataStore store = MetadataStore.open(StoreSettings.forProject(weirDir, Map.of()))) {
            StoreSettings settings = store.settings();
            // As the first released schema left it.
            Flyway.configure(MetadataStore.class.getClassLoader())
                    .loggers(io.weir.store.jdbi.FlywayLog.class.getName())
                    .dataSource(settings.jdbcUrl(), settings.user(), settings.password())
                    .locations("classpath:db/migration")
                    .target("1")
                    .load()
                    .migrate();
            store.useTransaction(session -> session.variables().set("kept", "across the upgrade", null));

            assertThat(store.check().currentVersion()).isEqualTo("1");
            assertThatThrownBy(store::ensureMigrated)
                    .isInstanceOf(WeirException.class)
                    .hasMessageEndingWith("is at schema version 1 but this Weir needs " + Migrations.count()
                            + "; run `weir db upgrade` first.");

            assertThat(store.migrate()).isEqualTo(Migrations.count() - 1);
            store.ensureMigrated();
            assertThat(store.inTransaction(
                            (MetadataSession session) -> session.variables().get("kept")))
                    .get()
                    .extracting(VariableRecord::value)
                    .isEqualTo("across the upgrade");
        }
    }

    @Test
    void aDatabaseFromANewerWeirIsRefused() throws SQLException {
        try (MetadataStore store = MetadataStore.open(StoreSettings.forProject(weirDir, Map.of()))) {
            store.migrate();
            StoreSettings settings = store.settings();
            try (Connection connection =
                            DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
                    Statement statement = connection.createStatement()) {
                statement.executeUpdate("INSERT INTO \"flyway_schema_history\" (\"installed_rank\", \"version\","
                        + " \"description\", \"type\", \"script\", \"checksum\", \"installed_by\", \"execution_time\","
                        + " \"success\") VALUES (99, '99', 'future', 'SQL', 'V99__future.sql', 0, 'sa', 0, TRUE)");
            }
            assertThat(store.check().problem()).contains("newer than this Weir knows");
            assertThatThrownBy(store::ensureMigrated)
                    .isInstanceOf(WeirException.class)
                    .hasMessageContaining("schema version 99");
        }
    }

    @Test
    void aNewDatabaseIsCreatedWithoutLeavingATraceFileBesideIt() {
        try (MetadataStore store = MetadataStore.open(StoreSettings.forProject(weirDir, Map.of()))) {
            store.ensureMigrated();
            store.ensureMigrated();
        }
        assertThat(weirDir.resolve("metadata.mv.db")).exists();
        assertThat(weirDir.resolve("metadata.trace.db")).doesNotExist();
    }

    @Test
    void anotherProcessSharesTheDatabaseWhileThisOneServesIt() throws Exception {
        try (MetadataStore store = MetadataStore.open(StoreSettings.forProject(weirDir, Map.of()))) {
            store.migrate();
            store.serve();
            assertThat(store.serving()).isTrue();
            assertThat(weirDir.resolve("metadata.server")).exists();
            store.useTransaction(session -> session.variables().set("written_by_parent", "yes", null));

            runChild("exit", "2024-05-01T00:00:00Z");

            assertThat(store.inTransaction(
                            (MetadataSession session) -> session.variables().get("written_by_child")))
                    .get()
                    .extracting(VariableRecord::value)
                    .isEqualTo("2024-05-01T00:00:00Z");
        }
        assertThat(weirDir.resolve("metadata.server")).doesNotExist();
    }

    @Test
    void commitsOfAKilledProcessSurvive() throws Exception {
        runChild("halt", "2024-06-01T00:00:00Z");

        try (MetadataStore store = MetadataStore.open(StoreSettings.forProject(weirDir, Map.of()))) {
            store.ensureMigrated();
            assertThat(store.inTransaction((MetadataSession session) ->
                            session.runs().findByLogicalDate("child", Instant.parse("2024-06-01T00:00:00Z"))))
                    .isPresent();
            assertThat(store.inTransaction(
                            (MetadataSession session) -> session.variables().get("written_by_child")))
                    .get()
                    .extracting(VariableRecord::value)
                    .isEqualTo("2024-06-01T00:00:00Z");
        }
    }

    @Test
    void commitsSentToAServerThatIsKilledSurvive() throws Exception {
        // H2 on its own would write these commits only a minute later: they must not wait for that.
        String url =
                "jdbc:h2:file:" + weirDir.resolve("metadata").toAbsolutePath() + ";AUTO_SERVER=TRUE;WRITE_DELAY=60000";
        Map<String, String> env = Map.of(StoreSettings.DB_URL, url);
        Process server = startChild("serve", "2024-07-01T00:00:00Z", url);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(weirDir.resolve("ready")) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            try (MetadataStore store = MetadataStore.open(StoreSettings.forProject(weirDir, env))) {
                store.useTransaction(session -> session.variables().set("sent_to_server", "kept", null));
                Files.writeString(weirDir.resolve("die"), "");
                assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            server.destroyForcibly();
        }

        try (MetadataStore store = MetadataStore.open(StoreSettings.forProject(weirDir, Map.of()))) {
            assertThat(store.inTransaction(
                            (MetadataSession session) -> session.variables().get("sent_to_server")))
                    .get()
                    .extracting(VariableRecord::value)
                    .isEqualTo("kept");
        }
    }

    private void runChild(String ending, String date) throws IOException, InterruptedException {
        Process child = startChild(ending, date);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue())
                .as(() -> {
                    try {
                        return Files.readString(weirDir.resolve("child.log"));
                    } catch (IOException e) {
                        return e.toString();
                    }
                })
                .isZero();
    }

    private Process startChild(String... arguments) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(
                java.toString(), "-cp", System.getProperty("java.class.path"), StoreChildProcess.class.getName()));
        command.add(weirDir.toString());
        command.addAll(List.of(arguments));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(weirDir.resolve("child.log").toFile())
                .start();
    }
}
