package io.weir.warehouse;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.duckdb.DuckDBConnection;

/**
 * Connections to one {@link WarehouseTarget}. A DuckDB file is opened once per process (DuckDB allows one writing
 * process per file) and shared by every warehouse open on it in this process, each with its own duplicate of that
 * connection; the file is let go when the last of them closes. PostgreSQL sessions are plain connections.
 */
public final class Warehouse implements AutoCloseable {
    /** The DuckDB files this process has open, by JDBC URL; guarded by itself. */
    private static final Map<String, SharedFile> OPEN_FILES = new HashMap<>();

    private final WarehouseTarget target;
    private final DuckDBConnection duckdb;
    private final SharedFile shared;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Set<String> knownSchemas = ConcurrentHashMap.newKeySet();

    private Warehouse(WarehouseTarget target, DuckDBConnection duckdb, SharedFile shared) {
        this.target = target;
        this.duckdb = duckdb;
        this.shared = shared;
    }

    /** One DuckDB database this process has open, and how many warehouses use it. */
    private static final class SharedFile {
        final String url;
        final DuckDBConnection root;
        int users;

        SharedFile(String url, DuckDBConnection root) {
            this.url = url;
            this.root = root;
        }
    }

    /**
     * Opens the warehouse of {@code target}: for DuckDB the database file (its folder is created) with its
     * attachments, or the database this process already has open on that file; for PostgreSQL nothing until the
     * first session.
     *
     * @throws WarehouseException naming the target when the database cannot be opened
     */
    public static Warehouse open(WarehouseTarget target) {
        requireNonNull(target, "target is null");
        if (target.type() != WarehouseType.DUCKDB) {
            return new Warehouse(target, null, null);
        }
        String file = target.jdbcUrl().substring("jdbc:duckdb:".length());
        if (file.isEmpty() || file.startsWith(":memory:")) {
            // Each in-memory warehouse is a database of its own.
            DuckDBConnection connection = connect(target);
            try {
                attach(connection, target);
            } catch (WarehouseException e) {
                closeQuietly(connection);
                throw e;
            }
            return new Warehouse(target, connection, null);
        }
        synchronized (OPEN_FILES) {
            SharedFile shared = OPEN_FILES.get(target.jdbcUrl());
            boolean opened = shared == null;
            if (opened) {
                try {
                    Path parent = Path.of(file).toAbsolutePath().getParent();
                    if (parent != null) {
                        Files.createDirectories(parent);
                    }
                } catch (IOException e) {
                    throw cannotOpen(target, e);
                }
                shared = new SharedFile(target.jdbcUrl(), connect(target));
            }
            try {
                attach(shared.root, target);
                DuckDBConnection own = shared.root.duplicate();
                if (opened) {
                    OPEN_FILES.put(shared.url, shared);
                }
                shared.users++;
                return new Warehouse(target, own, shared);
            } catch (SQLException | WarehouseException e) {
                if (opened) {
                    closeQuietly(shared.root);
                }
                throw e instanceof WarehouseException w ? w : cannotOpen(target, e);
            }
        }
    }

    /** True while a warehouse of this process has the DuckDB file of {@code target} open. */
    public static boolean isOpenHere(WarehouseTarget target) {
        synchronized (OPEN_FILES) {
            return OPEN_FILES.containsKey(target.jdbcUrl());
        }
    }

    private static DuckDBConnection connect(WarehouseTarget target) {
        try {
            return (DuckDBConnection) DriverManager.getConnection(target.jdbcUrl());
        } catch (SQLException e) {
            throw cannotOpen(target, e);
        }
    }

    private static void attach(DuckDBConnection connection, WarehouseTarget target) {
        try (Statement statement = connection.createStatement()) {
            for (Map.Entry<String, Path> attachment : target.attachments().entrySet()) {
                Path path = attachment.getValue().toAbsolutePath();
                Files.createDirectories(path.getParent());
                statement.execute("ATTACH IF NOT EXISTS '" + path.toString().replace("'", "''") + "' AS "
                        + Dialect.of(WarehouseType.DUCKDB).quote(attachment.getKey()));
            }
        } catch (SQLException | IOException e) {
            throw cannotOpen(target, e);
        }
    }

    private static WarehouseException cannotOpen(WarehouseTarget target, Exception e) {
        return new WarehouseException(
                "Cannot open the DuckDB warehouse of " + target + ": " + e.getMessage()
                        + "; check that no other process holds the file (a running `weir standalone` owns it)",
                e);
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // Already failing with the reason that matters.
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
        if (duckdb == null || !closed.compareAndSet(false, true)) {
            return;
        }
        try {
            duckdb.close();
            if (shared != null) {
                synchronized (OPEN_FILES) {
                    if (--shared.users == 0) {
                        OPEN_FILES.remove(shared.url);
                        shared.root.close();
                    }
                }
            }
        } catch (SQLException e) {
            throw new WarehouseException("Cannot close the DuckDB warehouse of " + target, e);
        }
    }
}
