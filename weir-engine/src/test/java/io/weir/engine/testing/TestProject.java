package io.weir.engine.testing;

import io.weir.store.testing.TestStores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A temporary Weir project for tests: a folder with {@code dags/} and {@code weir.yaml}, and the environment that
 * points it at H2 (inside the folder) or at a fresh PostgreSQL schema.
 */
public final class TestProject implements AutoCloseable {
    public enum Backend {
        H2,
        POSTGRES
    }

    private final Path dir;
    private final Map<String, String> environment = new HashMap<>();
    private final String schema;

    private TestProject(Path dir, Backend backend) {
        this.dir = dir;
        environment.put("WEIR_SECRET_KEY", TestStores.TEST_SECRET_KEY);
        environment.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        if (backend == Backend.POSTGRES) {
            schema = "weir_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
            execute("CREATE SCHEMA " + schema);
            String url = TestStores.postgresUrl();
            environment.put("WEIR_DB_URL", url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema);
        } else {
            schema = null;
        }
        write(
                "weir.yaml",
                "dags_are_paused_at_creation: false\nparallelism: 8\nscheduler:\n  dag_dir_list_interval: 1s\n");
    }

    public static TestProject create(Path parent, Backend backend) {
        try {
            Path dir = Files.createTempDirectory(parent, "project-");
            Files.createDirectories(dir.resolve("dags"));
            return new TestProject(dir, backend);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path dir() {
        return dir;
    }

    public Map<String, String> environment() {
        return environment;
    }

    public TestProject env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** Writes a file relative to the project. */
    public TestProject write(String relativePath, String text) {
        try {
            Path file = dir.resolve(relativePath);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code dags/<dagId>.yaml}. */
    public TestProject dag(String dagId, String yaml) {
        return write("dags/" + dagId + ".yaml", yaml);
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
}
