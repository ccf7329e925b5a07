package io.weir.store;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool.PoolInitializationException;
import io.weir.core.ErrorCode;
import io.weir.core.WeirException;
import io.weir.core.state.TaskState;
import io.weir.store.crypto.VariableCipher;
import io.weir.store.jdbi.Dialect;
import io.weir.store.jdbi.EndClaimBatches;
import io.weir.store.jdbi.FlywayLog;
import io.weir.store.jdbi.H2Commits;
import io.weir.store.jdbi.H2Host;
import io.weir.store.jdbi.JdbiMetadataSession;
import io.weir.store.jdbi.Jdbis;
import io.weir.store.jdbi.RunCleanup;
import io.weir.store.jdbi.StatementCache;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/**
 * The metadata database: a small connection pool, Flyway migrations and transactions that hand out the repositories.
 * One instance per process; thread-safe.
 */
public final class MetadataStore implements AutoCloseable {
    /**
     * The version of the newest migration under {@code db/migration} in this build; a test keeps the two equal. A
     * database at this version needs no migration, which {@link #ensureMigrated} checks without Flyway.
     */
    static final String LATEST_MIGRATION = "5";

    private static final int POOL_SIZE = 16;
    private static final java.time.Duration H2_HANDOVER_WAIT = java.time.Duration.ofSeconds(15);
    private static final long CONNECTION_TIMEOUT_MILLIS = 10_000;

    private final StoreSettings settings;
    /** Replaced only when the process serving the embedded file goes away ({@link #reconnect}). */
    private volatile HikariDataSource dataSource;

    private volatile Jdbi jdbi;
    private final VariableCipher cipher;
    private final Dialect dialect;
    private final StatementCache statements = new StatementCache();
    private final EndClaimBatches endClaims = new EndClaimBatches();
    private final H2Commits h2Commits;
    private final Runnable afterClose;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The embedded file this process opened itself (null when it reaches the database over a network). */
    private volatile java.nio.file.Path openedFile;
    /** The server through which other processes reach {@link #openedFile}, while this process serves it. */
    private H2Host host;

    private MetadataStore(
            StoreSettings settings, HikariDataSource dataSource, Runnable afterClose, java.nio.file.Path openedFile) {
        this.settings = settings;
        this.openedFile = openedFile;
        this.dataSource = dataSource;
        this.jdbi = Jdbis.create(dataSource);
        this.cipher = VariableCipher.create(settings.secretKey(), settings.secretKeyFile());
        this.dialect = settings.isPostgres() ? Dialect.POSTGRESQL : Dialect.H2;
        this.h2Commits = settings.isPostgres() ? null : new H2Commits();
        this.afterClose = afterClose;
    }

    /**
     * Initializes now what a process's first statement would otherwise initialize while its command waits: JDBI's
     * statement class, which registers its Flight Recorder events. A command line calls it on a thread of its own.
     */
    public static void prepareStatements() {
        try {
            Class.forName(
                    org.jdbi.v3.core.statement.SqlStatement.class.getName(),
                    true,
                    MetadataStore.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Opens the pool and checks that the database answers; does not migrate it. */
    public static MetadataStore open(StoreSettings settings) {
        return open(settings, () -> {});
    }

    /** As {@link #open(StoreSettings)}, running {@code afterClose} once the pool is closed (tests drop their schema). */
    public static MetadataStore open(StoreSettings settings, Runnable afterClose) {
        requireNonNull(settings, "settings is null");
        requireNonNull(afterClose, "afterClose is null");
        HikariDataSource pool = connect(settings);
        return new MetadataStore(settings, pool, afterClose, openedFile(settings, pool));
    }

    /** The embedded file {@code pool} opened itself, or null when it reaches the database over a network. */
    private static java.nio.file.Path openedFile(StoreSettings settings, HikariDataSource pool) {
        return pool.getJdbcUrl().equals(settings.jdbcUrl()) ? settings.embeddedH2File() : null;
    }

    private static HikariDataSource connect(StoreSettings settings) {
        java.nio.file.Path embedded = settings.embeddedH2File();
        // An embedded file is reached through the long-running process that serves it, else opened here. A file
        // briefly held by another command, or by a process starting to serve it, is waited for a little.
        long deadline = System.nanoTime() + H2_HANDOVER_WAIT.toNanos();
        while (true) {
            String servingUrl = embedded == null ? null : H2Host.servingUrl(embedded);
            if (servingUrl != null) {
                try {
                    return new HikariDataSource(config(settings, servingUrl));
                } catch (PoolInitializationException e) {
                    // The process named in the .server file has gone (killed, or stopping): open the file here.
                }
            }
            try {
                return new HikariDataSource(config(settings, settings.jdbcUrl()));
            } catch (PoolInitializationException e) {
                if (settings.isPostgres() || !isH2HandOver(e) || System.nanoTime() > deadline) {
                    throw unreachable(settings, e);
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw unreachable(settings, e);
                }
            }
        }
    }

    /**
     * The process that served the embedded file to this one has gone (killed or stopped): reaches the file again,
     * through the next process serving it or directly. False when there is nothing to reach again.
     */
    private synchronized boolean reconnect(HikariDataSource broken, RuntimeException failure) {
        if (settings.embeddedH2File() == null || openedFile != null || closed.get() || !isBroken(failure)) {
            return false;
        }
        if (dataSource == broken) {
            HikariDataSource pool = connect(settings);
            broken.close();
            dataSource = pool;
            jdbi = Jdbis.create(pool);
            openedFile = openedFile(settings, pool);
        }
        return true;
    }

    private static boolean isBroken(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            // Cut off, or answered by a serving process already shutting its database down
            if (cause instanceof SQLException sql
                    && (sql.getErrorCode() == org.h2.api.ErrorCode.CONNECTION_BROKEN_1
                            || sql.getErrorCode() == org.h2.api.ErrorCode.DATABASE_CALLED_AT_SHUTDOWN
                            || (sql.getSQLState() != null && sql.getSQLState().startsWith("08")))) {
                return true;
            }
        }
        return false;
    }

    private static HikariConfig config(StoreSettings settings, String jdbcUrl) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("weir-metadata");
        config.setJdbcUrl(jdbcUrl);
        config.setDriverClassName(settings.isPostgres() ? "org.postgresql.Driver" : "org.h2.Driver");
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        if (settings.isPostgres()) {
            config.addDataSourceProperty("ApplicationName", "weir");
            // Sends a batch of task-instance inserts as multi-row INSERTs: one round trip instead of one per row.
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        return config;
    }

    /**
     * Serves the embedded H2 file this process opened to the project's other processes until {@link #close()}; a
     * long-running process (scheduler, web server) calls it. Does nothing on PostgreSQL, on a file another process
     * serves, or when already serving.
     */
    public synchronized void serve() {
        if (openedFile != null && host == null && !closed.get()) {
            host = H2Host.start(openedFile);
        }
    }

    /** True while this process serves its embedded file to others. */
    public synchronized boolean serving() {
        return host != null;
    }

    private static boolean isH2HandOver(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String message =
                    cause.getMessage() == null ? "" : cause.getMessage().toLowerCase(java.util.Locale.ROOT);
            // "Locked by another process", "Lock file recently modified", "Database may be already in use", and
            // the embedded server of a process killed a moment ago, still named in the lock file, refusing
            if (message.contains("lock")
                    || message.contains("already in use")
                    || message.contains("connection is broken")
                    || message.contains("connection refused")) {
                return true;
            }
        }
        return false;
    }

    public StoreSettings settings() {
        return settings;
    }

    /** "H2 file /p/.weir/metadata" or "PostgreSQL 127.0.0.1:5432/test"; never a password. */
    public String describe() {
        return settings.describe();
    }

    public boolean isPostgres() {
        return settings.isPostgres();
    }

    /** Creates or upgrades the schema ({@code weir db init|upgrade}); returns how many migrations were applied. */
    public int migrate() {
        try {
            int applied = flyway().migrate().migrationsExecuted;
            if (applied > 0 && h2Commits != null) {
                try (Connection connection = dataSource.getConnection()) {
                    h2Commits.makeDurable(connection);
                }
            }
            return applied;
        } catch (SQLException e) {
            throw unreachable(settings, e);
        } catch (FlywayException e) {
            throw new WeirException(
                    ErrorCode.METADATA_DB,
                    "Cannot migrate the metadata database " + describe() + ": " + firstLine(e.getMessage()) + "; point "
                            + StoreSettings.DB_URL + " at a Weir database or an empty one.",
                    e);
        }
    }

    /** Reachability and schema version ({@code weir db check}); reports problems instead of throwing them. */
    public MigrationStatus check() {
        return check(true);
    }

    private MigrationStatus check(boolean mayReachAgain) {
        HikariDataSource used = dataSource;
        try (Connection connection = used.getConnection()) {
            connection.isValid((int) (CONNECTION_TIMEOUT_MILLIS / 1000));
        } catch (SQLException e) {
            WeirException failure = unreachable(settings, e);
            if (mayReachAgain && reconnect(used, failure)) {
                return check(false);
            }
            return new MigrationStatus(describe(), false, null, null, 0, failure.getMessage());
        }
        try {
            return status(flyway().info());
        } catch (FlywayException e) {
            if (mayReachAgain && reconnect(used, e)) {
                return check(false);
            }
            return new MigrationStatus(
                    describe(),
                    true,
                    null,
                    null,
                    0,
                    "Cannot read the schema history of " + describe() + ": " + firstLine(e.getMessage()) + ".");
        }
    }

    /**
     * Makes the database ready for any command: migrates an empty database, refuses one that needs an upgrade or
     * was upgraded by a newer Weir, with a sentence saying what to run.
     */
    public void ensureMigrated() {
        // Every command opens the store: one query answers for a database already at this build's schema, so
        // that only a database with something to migrate or report pays for Flyway's scan of the class path.
        if (LATEST_MIGRATION.equals(appliedVersion())) {
            return;
        }
        MigrationStatus status = check();
        if (status.problem() != null) {
            throw new WeirException(ErrorCode.METADATA_DB, status.problem());
        }
        if (status.currentVersion() == null) {
            migrate();
        } else if (status.pendingCount() > 0) {
            throw new WeirException(
                    ErrorCode.METADATA_DB,
                    "The metadata database " + describe() + " is at schema version " + status.currentVersion()
                            + " but this Weir needs " + status.latestVersion() + "; run `weir db upgrade` first.");
        }
    }

    /** How many connections the pool opens at most: work beyond this many transactions at once waits for one. */
    public int maxConnections() {
        return POOL_SIZE;
    }

    /** Runs {@code work} in one READ COMMITTED transaction: committed when it returns, rolled back when it throws. */
    public <T> T inTransaction(Function<MetadataSession, T> work) {
        requireNonNull(work, "work is null");
        return durably(handle -> work.apply(new JdbiMetadataSession(handle, cipher, dialect, statements)));
    }

    /**
     * Runs {@code work} in a transaction that, once this returns, is written to the operating system. A transaction
     * cut off by the death of the process serving the embedded file is run again on the file reached anew.
     */
    private <T> T durably(HandleCallback<T, RuntimeException> work) {
        HikariDataSource used = dataSource;
        try {
            return durablyOnce(work);
        } catch (RuntimeException e) {
            if (!reconnect(used, e)) {
                throw e;
            }
            return durablyOnce(work);
        }
    }

    private <T> T durablyOnce(HandleCallback<T, RuntimeException> work) {
        try {
            if (h2Commits == null) {
                return jdbi.inTransaction(work);
            }
            return jdbi.withHandle(handle -> {
                boolean[] changed = new boolean[1];
                T result = handle.inTransaction(transaction -> {
                    T value = work.withHandle(transaction);
                    changed[0] = h2Commits.hasChanges(transaction.getConnection());
                    return value;
                });
                if (changed[0]) {
                    h2Commits.makeDurable(handle.getConnection());
                }
                return result;
            });
        } catch (ConnectionException e) {
            throw unreachable(settings, e);
        } catch (SQLException e) {
            throw new WeirException(
                    ErrorCode.METADATA_DB,
                    "Cannot write to the metadata database " + describe() + ": " + firstLine(e.getMessage()),
                    e);
        }
    }

    /** What {@link #endAndClaim} wrote. */
    public record EndAndClaim(boolean ended, boolean claimed) {}

    /**
     * Records a try's end ({@code ended}, if the instance is still running for {@code jobId}) and, only if that was
     * written, claims the next instance for the same worker ({@code claim}, if it is still scheduled at try
     * {@code claimTry}): two compare-and-sets that read nothing else. On PostgreSQL they are one statement, and the
     * statements of tries that end together go in one round trip and one commit; on H2 one transaction.
     */
    public EndAndClaim endAndClaim(TaskInstanceRecord ended, long jobId, TaskInstanceRecord claim, int claimTry) {
        requireNonNull(ended, "ended is null");
        requireNonNull(claim, "claim is null");
        if (!settings.isPostgres()) {
            return inTransaction(session -> {
                boolean endWritten = session.taskInstances().updateIf(ended, TaskState.RUNNING, jobId);
                return new EndAndClaim(
                        endWritten,
                        endWritten && session.taskInstances().claimIf(claim, TaskState.SCHEDULED, null, claimTry));
            });
        }
        try {
            boolean[] written = endClaims.write(jdbi, statements, ended, jobId, claim, claimTry);
            return new EndAndClaim(written[0], written[1]);
        } catch (ConnectionException e) {
            throw unreachable(settings, e);
        }
    }

    public void useTransaction(Consumer<MetadataSession> work) {
        requireNonNull(work, "work is null");
        inTransaction(session -> {
            work.accept(session);
            return null;
        });
    }

    /** Deletes (or with {@code dryRun} only counts) runs with a logical date before {@code olderThan}, with their task instances and XComs. */
    public CleanupResult clean(Instant olderThan, boolean dryRun) {
        requireNonNull(olderThan, "olderThan is null");
        return durably(handle -> dryRun ? RunCleanup.count(handle, olderThan) : RunCleanup.delete(handle, olderThan));
    }

    /**
     * Opens every connection of the pool now and keeps them open while idle, for a long-running scheduler: its first
     * burst of tries would otherwise wait while connections are made one by one (a new PostgreSQL connection starts a
     * server process). A connection that cannot be opened now is left to be opened on demand.
     */
    public void keepPoolOpen() {
        dataSource.getHikariConfigMXBean().setMinimumIdle(POOL_SIZE);
        List<Connection> opened = new ArrayList<>();
        try {
            for (int index = 0; index < POOL_SIZE; index++) {
                opened.add(dataSource.getConnection());
            }
        } catch (SQLException e) {
            // The pool opens the rest on demand, as it would have anyway.
        } finally {
            for (Connection connection : opened) {
                try {
                    connection.close();
                } catch (SQLException e) {
                    // Returned to the pool or evicted: either way nothing to do.
                }
            }
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                synchronized (this) {
                    if (host != null) {
                        host.close();
                        host = null;
                    }
                }
                dataSource.close();
            } finally {
                afterClose.run();
            }
        }
    }

    /** The version of the newest migration applied, or null when there is none or no schema history to read. */
    private String appliedVersion() {
        try {
            // Looked up first: a query of a missing table leaves an H2 trace file beside a new database.
            return durably(handle -> handle.createQuery("SELECT count(*) FROM information_schema.tables"
                                            + " WHERE table_name = 'flyway_schema_history'")
                                    .mapTo(Integer.class)
                                    .one()
                            == 0
                    ? null
                    // Flyway names its table and columns in lower case, which H2 keeps only when quoted.
                    : handle.createQuery("SELECT \"version\" FROM \"flyway_schema_history\""
                                    + " WHERE \"success\" AND \"version\" IS NOT NULL ORDER BY \"installed_rank\" DESC")
                            .setMaxRows(1)
                            .mapTo(String.class)
                            .findFirst()
                            .orElse(null));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private Flyway flyway() {
        return Flyway.configure(MetadataStore.class.getClassLoader())
                .loggers(FlywayLog.class.getName())
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .failOnMissingLocations(true)
                .load();
    }

    private MigrationStatus status(MigrationInfoService info) {
        MigrationInfo current = info.current();
        String currentVersion = current == null ? null : current.getVersion().getVersion();
        String latestVersion = null;
        String problem = null;
        for (MigrationInfo migration : info.all()) {
            MigrationState state = migration.getState();
            if (state.isResolved() && migration.getVersion() != null) {
                latestVersion = migration.getVersion().getVersion();
            }
            if (state.isFailed()) {
                problem = "Migration " + migration.getVersion() + " of the metadata database " + describe()
                        + " failed; repair the database from a backup, then run `weir db upgrade`.";
            } else if (state == MigrationState.FUTURE_SUCCESS && problem == null) {
                problem = "The metadata database " + describe() + " has schema version " + migration.getVersion()
                        + ", newer than this Weir knows; run a Weir at least as new as the one that upgraded it.";
            }
        }
        return new MigrationStatus(describe(), true, currentVersion, latestVersion, info.pending().length, problem);
    }

    private static WeirException unreachable(StoreSettings settings, Exception error) {
        String what = settings.isPostgres()
                ? "check that the server is running and that " + StoreSettings.DB_URL + ", " + StoreSettings.DB_USER
                        + " and " + StoreSettings.DB_PASSWORD + " are right"
                : "check that its folder exists and is writable and that " + StoreSettings.DB_USER + " and "
                        + StoreSettings.DB_PASSWORD + " match the ones it was created with";
        return new WeirException(
                ErrorCode.METADATA_DB,
                "Cannot connect to the metadata database at " + settings.redactedUrl() + " (" + reason(error) + "); "
                        + what + ".",
                error);
    }

    private static String reason(Throwable error) {
        Throwable deepest = error;
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null) {
                deepest = cause;
            }
        }
        String line = firstLine(deepest.getMessage());
        int sentenceEnd = line.indexOf(". ");
        return sentenceEnd < 0 ? line : line.substring(0, sentenceEnd);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        String trimmed = message.strip();
        int newline = trimmed.indexOf('\n');
        return newline < 0 ? trimmed : trimmed.substring(0, newline).strip();
    }
}
