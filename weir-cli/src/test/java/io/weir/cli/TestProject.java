package io.weir.cli;

import io.weir.store.testing.TestStores;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A project folder with a dags/ directory, driven through {@code weir}: its metadata DB is H2 under .weir/, or a fresh
 * PostgreSQL schema (dropped by {@link #close()}) on the server of {@code WEIR_TEST_PG_URL}.
 */
final class TestProject implements AutoCloseable {
    enum Backend {
        H2,
        POSTGRES
    }

    private final Path dir;
    private final Map<String, String> environment = new HashMap<>(System.getenv());
    private final String schema;

    TestProject(Path dir) {
        this(dir, Backend.H2);
    }

    TestProject(Path dir, Backend backend) {
        this.dir = dir;
        // The project comes from --project; an outer WEIR_PROJECT, WEIR_HOME or WEIR_DB_URL must not redirect the test.
        environment.remove("WEIR_PROJECT");
        environment.remove("WEIR_HOME");
        environment.remove("WEIR_DB_URL");
        environment.remove("WEIR_DEBUG");
        if (backend == Backend.POSTGRES) {
            schema = "weir_cli_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
            execute("CREATE SCHEMA " + schema);
            String url = TestStores.postgresUrl();
            environment.put("WEIR_DB_URL", url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema);
        } else {
            schema = null;
        }
        try {
            Files.createDirectories(dir.resolve("dags"));
            Files.writeString(dir.resolve("weir.yaml"), "dags_are_paused_at_creation: false\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (schema != null) {
            execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private static void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(TestStores.postgresUrl());
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + TestStores.postgresUrl() + ": " + e.getMessage(), e);
        }
    }

    Path dir() {
        return dir;
    }

    Map<String, String> environment() {
        return Map.copyOf(environment);
    }

    TestProject dag(String fileName, String yaml) {
        return file("dags/" + fileName, yaml);
    }

    TestProject file(String relativePath, String content) {
        try {
            Path file = dir.resolve(relativePath);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    CliRun weir(String... args) {
        return weirWithInput("", args);
    }

    CliRun weirWithInput(String input, String... args) {
        List<String> all = new ArrayList<>(List.of("--project", dir.toString()));
        all.addAll(List.of(args));
        Main main = new Main(environment, new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        String[] line = all.toArray(String[]::new);
        return CliRun.run(Main.commandLine(main, line), line);
    }

    /** Runs {@code weir} and fails the test, showing both streams, unless it exits 0. */
    String ok(String... args) {
        CliRun run = weir(args);
        if (run.exitCode() != 0) {
            throw new AssertionError("weir " + String.join(" ", args) + " failed:\n" + run);
        }
        return run.out();
    }
}
