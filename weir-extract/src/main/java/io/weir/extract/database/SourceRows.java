package io.weir.extract.database;

import io.weir.warehouse.WarehouseType;
import io.weir.warehouse.load.RowSource;
import io.weir.warehouse.load.TableLoader;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.mariadb.jdbc.client.impl.StandardReadableByteBuf;

/**
 * A source query's rows, opened the fastest way the source and the warehouse allow. A PostgreSQL source is read by
 * {@code COPY (query) TO STDOUT}: a PostgreSQL warehouse copies its lines as they are; DuckDB takes binary COPY as Arrow
 * batches where it can and the query's types allow ({@link PostgresBinaryRows}), else loads CSV lines with its own
 * reader; any other warehouse reads their values on a thread of their own. A MariaDB source into DuckDB is taken from
 * the server's packets as Arrow batches where it can ({@link MariaDbPacketRows}). Other sources, and PostgreSQL queries with arrays, stream through JDBC on
 * a thread of their own. Closing stops the reading and frees the statement.
 */
final class SourceRows implements AutoCloseable {
    private static final int FETCH_SIZE = 10_000;

    private final RowSource rows;
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();

    private SourceRows(RowSource rows) {
        this.rows = rows;
    }

    RowSource rows() {
        return rows;
    }

    /**
     * Starts reading {@code query} on {@code connection}.
     *
     * @param taskInstance the value of a last {@value DatabaseExtract#TASK_INSTANCE} column; null for none
     * @param name names the reading thread
     */
    static SourceRows open(
            Connection connection,
            SourceDriver driver,
            String query,
            WarehouseType warehouse,
            BooleanSupplier cancelled,
            String where,
            String taskInstance,
            String name)
            throws SQLException {
        if (driver == SourceDriver.POSTGRESQL) {
            String select = withoutTrailingSemicolon(query);
            Described described = describe(connection, driver, select);
            List<SourceColumn> columns = described.columns();
            if (PostgresCopyRows.reads(columns)) {
                if (warehouse == WarehouseType.DUCKDB
                        && TableLoader.columnarLoads()
                        && PostgresBinaryRows.reads(described.typeNames())) {
                    PostgresBinaryRows binary = PostgresBinaryRows.start(
                            connection, select, columns, described.typeNames(), cancelled, where, taskInstance);
                    return new SourceRows(binary).closing(binary);
                }
                if (warehouse == WarehouseType.DUCKDB) {
                    PostgresCsvRows csv =
                            PostgresCsvRows.start(connection, select, columns, cancelled, where, taskInstance);
                    return new SourceRows(csv).closing(csv);
                }
                PostgresCopyRows copy =
                        PostgresCopyRows.start(connection, select, columns, cancelled, where, taskInstance);
                if (warehouse == WarehouseType.POSTGRES) {
                    return new SourceRows(copy).closing(copy);
                }
                return prefetched(copy, name).closing(copy);
            }
        }
        Statement statement = connection.createStatement();
        try {
            statement.setFetchSize(FETCH_SIZE);
            ResultSet results = statement.executeQuery(query);
            List<SourceColumn> columns = SourceTypes.columns(driver, results.getMetaData());
            StandardReadableByteBuf packet = driver == SourceDriver.MARIADB
                            && warehouse == WarehouseType.DUCKDB
                            && MariaDbPacketRows.reads(columns)
                            && TableLoader.columnarLoads()
                    ? MariaDbPacketRows.packet(results)
                    : null;
            if (packet != null) {
                MariaDbPacketRows rows =
                        new MariaDbPacketRows(results, packet, columns, cancelled, where, taskInstance);
                return new SourceRows(rows).closing(streaming(connection, statement, rows::ended));
            }
            JdbcRows rows = new JdbcRows(results, columns, cancelled, where, taskInstance);
            return prefetched(rows, name)
                    .closing(
                            driver == SourceDriver.MARIADB ? streaming(connection, statement, rows::ended) : statement);
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    /** The columns a query returns, and their types as the driver names them. */
    record Described(List<SourceColumn> columns, List<String> typeNames) {}

    /** The columns {@code query} returns, from running it for no rows. */
    static Described describe(Connection connection, SourceDriver driver, String query) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet results =
                        statement.executeQuery("SELECT * FROM (" + query + "\n) AS weir_columns WHERE 1 = 0")) {
            ResultSetMetaData metaData = results.getMetaData();
            List<String> typeNames = new ArrayList<>();
            for (int i = 1; i <= metaData.getColumnCount(); i++) {
                typeNames.add(metaData.getColumnTypeName(i));
            }
            return new Described(SourceTypes.columns(driver, metaData), List.copyOf(typeNames));
        }
    }

    private static SourceRows prefetched(RowSource source, String name) {
        PrefetchedRows rows = PrefetchedRows.start(source, name);
        SourceRows opened = new SourceRows(rows);
        opened.resources.push(rows);
        return opened;
    }

    /**
     * Closes a MariaDB statement whose rows stream. To close one whose rows were not all read, MariaDB's driver reads
     * every remaining row into memory first; a load that failed or was cancelled midway instead cuts the connection,
     * which its caller then only closes.
     */
    private static AutoCloseable streaming(Connection connection, Statement statement, BooleanSupplier ended) {
        return () -> {
            if (ended.getAsBoolean()) {
                statement.close();
                return;
            }
            try {
                connection.abort(Runnable::run);
            } catch (SQLException e) {
                // Closing the statement below ends the reading as well, only more slowly.
            }
            try {
                statement.close();
            } catch (SQLException e) {
                // The connection is gone, and the statement with it.
            }
        };
    }

    /** Closes {@code resource} after what was opened before it. */
    private SourceRows closing(AutoCloseable resource) {
        resources.addLast(resource);
        return this;
    }

    private static String withoutTrailingSemicolon(String query) {
        String stripped = query.strip();
        while (stripped.endsWith(";")) {
            stripped = stripped.substring(0, stripped.length() - 1).strip();
        }
        return stripped;
    }

    @Override
    public void close() throws SQLException {
        SQLException failure = null;
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (SQLException e) {
                failure = failure == null ? e : failure;
            } catch (Exception e) {
                throw new IllegalStateException("Cannot close the source's rows: " + e.getMessage(), e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
