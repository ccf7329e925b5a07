package io.weir.warehouse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * One connection to the warehouse, used by one thread at a time. {@link #cancel()} may be called from another thread
 * to stop the running statement (Ctrl-C, a task timeout).
 */
public final class WarehouseSession implements AutoCloseable {
    private final Connection connection;
    private final WarehouseTarget target;
    private volatile Statement running;
    private volatile boolean cancelled;
    private Consumer<String> statementListener = sql -> {};
    private UnaryOperator<String> statementDecorator = UnaryOperator.identity();

    private final Set<String> knownSchemas;

    WarehouseSession(Connection connection, WarehouseTarget target, Set<String> knownSchemas) {
        this.connection = connection;
        this.target = target;
        this.knownSchemas = knownSchemas;
    }

    public WarehouseTarget target() {
        return target;
    }

    public Dialect dialect() {
        return target.dialect();
    }

    /**
     * Tells {@code listener} every statement {@link #execute} and {@link #query} run, before running it: the
     * transform runner writes them to {@code target/run/}, and its benchmark replays them.
     */
    public void onStatement(Consumer<String> listener) {
        this.statementListener = listener == null ? sql -> {} : listener;
    }

    /**
     * Rewrites every statement {@link #execute} and {@link #query} run, before the listener sees it: the transform
     * runner adds dbt's {@code query-comment} this way. Null restores the statements as given.
     */
    public void decorateStatements(UnaryOperator<String> decorator) {
        this.statementDecorator = decorator == null ? UnaryOperator.identity() : decorator;
    }

    /** The JDBC connection, for bulk work such as appenders and COPY; prefer the methods here. */
    public Connection connection() {
        return connection;
    }

    /**
     * Runs one statement.
     *
     * @return the rows it changed, or -1 when it returns none (DDL)
     * @throws WarehouseException with the warehouse's message
     */
    public long execute(String given) {
        checkNotCancelled();
        String sql = statementDecorator.apply(given);
        statementListener.accept(sql);
        try (Statement statement = connection.createStatement()) {
            running = statement;
            checkNotCancelled();
            boolean hasResults = statement.execute(sql);
            if (hasResults) {
                return -1;
            }
            long count = statement.getLargeUpdateCount();
            return count;
        } catch (SQLException e) {
            throw failure(sql, e);
        } finally {
            running = null;
        }
    }

    /** Runs a query and keeps all of its rows. */
    public QueryResult query(String sql) {
        return query(sql, Integer.MAX_VALUE);
    }

    /** Runs a query and keeps at most {@code maxRows} of its rows. */
    public QueryResult query(String given, int maxRows) {
        checkNotCancelled();
        String sql = statementDecorator.apply(given);
        statementListener.accept(sql);
        try (Statement statement = connection.createStatement()) {
            running = statement;
            checkNotCancelled();
            try (ResultSet results = statement.executeQuery(sql)) {
                return read(results, maxRows);
            }
        } catch (SQLException e) {
            throw failure(sql, e);
        } finally {
            running = null;
        }
    }

    /** Whether {@code relation} exists, and as what. */
    public Optional<RelationKind> relationKind(Relation relation) {
        String sql = "select table_type from information_schema.tables where table_schema = ? and table_name = ?"
                + (relation.database() != null ? " and table_catalog = ?" : "");
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, relation.schema());
            statement.setString(2, relation.identifier());
            if (relation.database() != null) {
                statement.setString(3, relation.database());
            }
            try (ResultSet results = statement.executeQuery()) {
                if (!results.next()) {
                    return Optional.empty();
                }
                String type = results.getString(1);
                return Optional.of(
                        type != null && type.toUpperCase().contains("VIEW") ? RelationKind.VIEW : RelationKind.TABLE);
            }
        } catch (SQLException e) {
            throw failure(sql, e);
        }
    }

    /** The columns of {@code relation} in order; empty when it does not exist. */
    public List<Column> columns(Relation relation) {
        String sql = "select column_name, data_type from information_schema.columns"
                + " where table_schema = ? and table_name = ?"
                + (relation.database() != null ? " and table_catalog = ?" : "")
                + " order by ordinal_position";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, relation.schema());
            statement.setString(2, relation.identifier());
            if (relation.database() != null) {
                statement.setString(3, relation.database());
            }
            List<Column> columns = new ArrayList<>();
            try (ResultSet results = statement.executeQuery()) {
                while (results.next()) {
                    columns.add(new Column(results.getString(1), results.getString(2)));
                }
            }
            return columns;
        } catch (SQLException e) {
            throw failure(sql, e);
        }
    }

    /**
     * Creates {@code database.schema} unless it exists. Sessions of one warehouse create schemas one at a time, so
     * two threads building into a new schema do not conflict (DuckDB refuses concurrent catalog changes), and each
     * schema is looked up once per warehouse.
     */
    public void createSchemaIfMissing(String database, String schema) {
        String name = (database != null && target.type() == WarehouseType.DUCKDB
                        ? dialect().quote(database) + "."
                        : "")
                + dialect().quote(schema);
        if (knownSchemas.contains(name)) {
            return;
        }
        synchronized (knownSchemas) {
            // Another connection creating it at the same moment is a write-write conflict on DuckDB: look again.
            for (int attempt = 1; !schemaExists(database, schema); attempt++) {
                try {
                    execute("create schema if not exists " + name);
                } catch (WarehouseException e) {
                    if (attempt == SCHEMA_ATTEMPTS) {
                        throw e;
                    }
                    pause(Duration.ofMillis(50L * attempt));
                }
            }
            knownSchemas.add(name);
        }
    }

    private static final int SCHEMA_ATTEMPTS = 5;

    private static void pause(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WarehouseException("Interrupted while creating a schema", e);
        }
    }

    private boolean schemaExists(String database, String schema) {
        String sql = "select 1 from information_schema.schemata where schema_name = ?"
                + (database != null ? " and catalog_name = ?" : "");
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, schema);
            if (database != null) {
                statement.setString(2, database);
            }
            try (ResultSet results = statement.executeQuery()) {
                return results.next();
            }
        } catch (SQLException e) {
            throw failure(sql, e);
        }
    }

    /** Runs {@code work} in one transaction, rolled back when it throws. */
    public <T> T inTransaction(TransactionWork<T> work) {
        try {
            connection.setAutoCommit(false);
            try {
                T result = work.run(this);
                connection.commit();
                return result;
            } catch (RuntimeException | Error e) {
                rollbackQuietly(e);
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new WarehouseException("Cannot commit on " + target + ": " + e.getMessage(), e);
        }
    }

    /** Stops the running statement, if any, and refuses further ones. Safe from any thread. */
    public void cancel() {
        cancelled = true;
        Statement statement = running;
        if (statement != null) {
            try {
                statement.cancel();
            } catch (SQLException e) {
                // The statement ended on its own meanwhile.
            }
        }
    }

    public boolean isCancelled() {
        return cancelled;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new WarehouseException("Cannot close a connection to " + target, e);
        }
    }

    /** Work done in a transaction. */
    @FunctionalInterface
    public interface TransactionWork<T> {
        T run(WarehouseSession session);
    }

    private void checkNotCancelled() {
        if (cancelled) {
            throw new WarehouseException("Cancelled: no further statements run on " + target);
        }
    }

    private void rollbackQuietly(Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private WarehouseException failure(String sql, SQLException e) {
        if (cancelled) {
            return new WarehouseException("Cancelled while running on " + target, e);
        }
        String message = e.getMessage() == null ? e.toString() : e.getMessage().strip();
        return new WarehouseException(message, e);
    }

    private static QueryResult read(ResultSet results, int maxRows) throws SQLException {
        ResultSetMetaData metaData = results.getMetaData();
        int count = metaData.getColumnCount();
        List<Column> columns = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            columns.add(new Column(metaData.getColumnLabel(i), metaData.getColumnTypeName(i)));
        }
        List<List<Object>> rows = new ArrayList<>();
        while (rows.size() < maxRows && results.next()) {
            List<Object> row = new ArrayList<>(count);
            for (int i = 1; i <= count; i++) {
                row.add(results.getObject(i));
            }
            rows.add(row);
        }
        return new QueryResult(columns, rows);
    }
}
