package io.weir.warehouse;

import static java.util.Objects.requireNonNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.duckdb.DuckDBConnection;

/**
 * Connections to one {@link WarehouseTarget}. A DuckDB file is opened once (DuckDB allows one writing process per
 * file) and each session gets a duplicate of that connection; PostgreSQL sessions are plain connections. Closing the
 * warehouse closes the DuckDB database.
 */
public final class Warehouse implements AutoCloseable {
    private final WarehouseTarget target;
    private final DuckDBConnection duckdb;
    private final Set<String> knownSchemas = ConcurrentHashMap.newKeySet();

    private Warehouse(WarehouseTarget target, DuckDBConnection duckdb) {
        this.target = target;
        this.duckdb = duckdb;
    }

    /**
     * Opens the warehouse of {@code target}: for DuckDB the database file (its folder is created) with its
     * attachments, for PostgreSQL nothing until the first session.
     *
     * @throws WarehouseException naming the target when the database cannot be opened
     */
    public static Warehouse open(WarehouseTarget target) {
        requireNonNull(target, "target is null");
        if (target.type() != WarehouseType.DUCKDB) {
            return new Warehouse(target, null);
        }
        try {
            String file = target.jdbcUrl().substring("jdbc:duckdb:".length());
            if (!file.isEmpty() && !file.startsWith(":memory:")) {
                Path parent = Path.of(file).toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
            }
            DuckDBConnection connection = (DuckDBConnection) DriverManager.getConnection(target.jdbcUrl());
            try (Statement statement = connection.createStatement()) {
                for (Map.Entry<String, Path> attachment : target.attachments().entrySet()) {
                    Path path = attachment.getValue().toAbsolutePath();
                    Files.createDirectories(path.getParent());
                    statement.execute("ATTACH IF NOT EXISTS '" + path.toString().replace("'", "''") + "' AS "
                            + Dialect.of(WarehouseType.DUCKDB).quote(attachment.getKey()));
                }
            } catch (SQLException | java.io.IOException | RuntimeException e) {
                connection.close();
                throw e;
            }
            return new Warehouse(target, connection);
        } catch (SQLException | java.io.IOException e) {
            throw new WarehouseException(
                    "Cannot open the DuckDB warehouse of " + target + ": " + e.getMessage()
                            + "; check that no other process holds the file (a running `weir standalone` owns it)",
                    e);
        }
    }

    /**
     * Opens the warehouse of {@code target}, waiting up to {@code patience} while another process holds the DuckDB
     * file (a running {@code weir standalone} holds it only while a transform or extract task writes to it).
     * {@code waiting} hears once what is being waited for.
     */
    public static Warehouse open(WarehouseTarget target, Duration patience, Consumer<String> waiting) {
        long deadline = System.nanoTime() + patience.toNanos();
        boolean told = false;
        while (true) {
            try {
                return open(target);
            } catch (WarehouseException e) {
                if (!isLockedByAnotherProcess(e) || System.nanoTime() > deadline) {
                    throw e;
                }
                if (!told) {
                    told = true;
                    waiting.accept("The warehouse file of " + target + " is in use by another process; waiting up to "
                            + patience.toSeconds() + " s for it");
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static boolean isLockedByAnotherProcess(WarehouseException e) {
        return e.getCause() instanceof SQLException cause
                && cause.getMessage() != null
                && cause.getMessage().contains("Could not set lock on file");
    }

    public WarehouseTarget target() {
        return target;
    }

    public Dialect dialect() {
        return target.dialect();
    }

    /** A new session on its own connection; close it when done. */
    public WarehouseSession session() {
        try {
            Connection connection;
            if (duckdb != null) {
                connection = duckdb.duplicate();
            } else {
                Properties properties = new Properties();
                if (target.user() != null) {
                    properties.setProperty("user", target.user());
                }
                if (target.password() != null) {
                    properties.setProperty("password", target.password());
                }
                connection = DriverManager.getConnection(target.jdbcUrl(), properties);
            }
            return new WarehouseSession(connection, target, knownSchemas);
        } catch (SQLException e) {
            throw new WarehouseException(
                    "Cannot connect to the warehouse of " + target + ": " + e.getMessage()
                            + "; check its URL, user and password",
                    e);
        }
    }

    @Override
    public void close() {
        if (duckdb != null) {
            try {
                duckdb.close();
            } catch (SQLException e) {
                throw new WarehouseException("Cannot close the DuckDB warehouse of " + target, e);
            }
        }
    }
}
