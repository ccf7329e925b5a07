package io.weir.extract.database;

import io.weir.extract.ExtractException;
import io.weir.warehouse.Relation;
import io.weir.warehouse.Warehouse;
import io.weir.warehouse.WarehouseSession;
import io.weir.warehouse.load.LoadMode;
import io.weir.warehouse.load.LoadRequest;
import io.weir.warehouse.load.LoadResult;
import io.weir.warehouse.load.TableLoader;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * A whole copy of a table: the source's rows go into {@code <table>_temp} in primary-key ranges, each range committed
 * on its own, and the copy then takes the RAW table's place in one transaction, so readers keep the old table until
 * the swap. A sync that fails resumes after the highest key already in {@code <table>_temp}, not from zero.
 */
final class SyncLoad {
    /**
     * How many keys one range spans unless the task says otherwise. Each range is a commit, which costs DuckDB a
     * checkpoint of the rows so far (a fifth of a second on two cores): ranges of a million keys keep that a small share
     * of the copy, while a failed sync loses at most one range's work.
     */
    static final long DEFAULT_RANGE = 1_000_000;

    private final TablePlan plan;
    private final SourceConnections.Target source;
    private final DatabaseExtract.Options options;
    private final Warehouse warehouse;
    private final Consumer<String> log;
    private final LongConsumer progress;
    private final BooleanSupplier cancelled;
    private final String where;

    SyncLoad(
            TablePlan plan,
            SourceConnections.Target source,
            DatabaseExtract.Options options,
            Warehouse warehouse,
            Consumer<String> log,
            LongConsumer progress,
            BooleanSupplier cancelled,
            String where) {
        this.plan = plan;
        this.source = source;
        this.options = options;
        this.warehouse = warehouse;
        this.log = log;
        this.progress = progress;
        this.cancelled = cancelled;
        this.where = where;
    }

    /** The temporary table a sync of {@code target} fills. */
    static Relation temporary(Relation target) {
        return target.withIdentifier(target.identifier() + "_temp");
    }

    LoadResult run() throws SQLException {
        long started = System.nanoTime();
        List<String> key = plan.table().primaryKey();
        if (key.size() != 1) {
            throw new ExtractException("A sync of " + where + " copies by ranges of one key column, but"
                    + " export_table_primary_key is " + String.join(", ", key) + "; name one column");
        }
        String column = key.get(0);
        Relation temp = temporary(plan.target());
        long rows = 0;
        long bytes = 0;
        List<String> changes = new ArrayList<>();
        try (Connection connection = SourceConnections.open(source);
                WarehouseSession session = warehouse.session()) {
            if (options.manifest().connection().driver() == SourceDriver.POSTGRESQL) {
                connection.setAutoCommit(false);
                connection.setReadOnly(true);
            }
            Long[] bounds = bounds(connection, column);
            Instant uploadedAt = Instant.now();
            if (bounds == null) {
                session.execute("drop table if exists " + temp.render(session.dialect()));
                LoadResult whole = load(connection, session, temp, plan.fullQuery(), uploadedAt, 0);
                rows += whole.rows();
                bytes += whole.bytes();
            } else {
                long low = bounds[0] - 1; // bounds() leaves out a smallest key of -2^63
                Long done = resumePoint(session, temp, column);
                if (done != null) {
                    low = done;
                    log.accept("Table " + plan.table().name() + ": resuming the sync after " + column + " " + done
                            + ", the highest already in " + temp);
                }
                while (low < bounds[1]) {
                    long high = low > bounds[1] - options.syncRange() ? bounds[1] : low + options.syncRange();
                    // A copy that fits one range leaves the range out, which would cost the server a look at every
                    // row's key: only a key that may be NULL is looked at, since no range takes a NULL key.
                    String query;
                    if (low < bounds[0] && high >= bounds[1]) {
                        query = neverNull(connection, column)
                                ? plan.fullQuery()
                                : "SELECT * FROM (" + plan.fullQuery() + ") AS weir_sync WHERE " + column
                                        + " IS NOT NULL";
                    } else {
                        query = "SELECT * FROM (" + plan.fullQuery() + ") AS weir_sync WHERE " + column + " > " + low
                                + " AND " + column + " <= " + high;
                    }
                    LoadResult range = load(connection, session, temp, query, uploadedAt, rows);
                    rows += range.rows();
                    bytes += range.bytes();
                    changes.addAll(range.schemaChanges());
                    low = high;
                }
                if (session.relationKind(temp).isEmpty()) {
                    load(
                            connection,
                            session,
                            temp,
                            "SELECT * FROM (" + plan.fullQuery() + ") AS weir_sync WHERE 1 = 0",
                            uploadedAt,
                            0);
                }
            }
            session.inTransaction(tx -> {
                if (tx.relationKind(plan.target()).isPresent()) {
                    tx.execute("drop table " + plan.target().render(tx.dialect()));
                }
                tx.execute("alter table " + temp.render(tx.dialect()) + " rename to "
                        + tx.dialect().quote(plan.target().identifier()));
                return null;
            });
        }
        return new LoadResult(
                plan.target(), LoadMode.REPLACE, rows, bytes, Duration.ofNanos(System.nanoTime() - started), changes);
    }

    /** The smallest and largest key, or null when the source is empty or its key is not a whole number. */
    private Long[] bounds(Connection connection, String column) throws SQLException {
        String sql = "SELECT min(" + column + "), max(" + column + ") FROM (" + plan.fullQuery() + ") AS weir_sync";
        try (Statement statement = connection.createStatement();
                ResultSet results = statement.executeQuery(sql)) {
            results.next();
            Object min = results.getObject(1);
            Object max = results.getObject(2);
            if (min instanceof Number low
                    && max instanceof Number high
                    && isWhole(low)
                    && isWhole(high)
                    && low.longValue() > Long.MIN_VALUE) {
                return new Long[] {low.longValue(), high.longValue()};
            }
            return null;
        }
    }

    /** Whether the source says the query's {@code column} is never NULL, as a primary key's is. */
    private boolean neverNull(Connection connection, String column) throws SQLException {
        String sql = "SELECT " + column + " FROM (" + plan.fullQuery() + ") AS weir_sync WHERE 1 = 0";
        try (Statement statement = connection.createStatement();
                ResultSet results = statement.executeQuery(sql)) {
            return results.getMetaData().isNullable(1) == ResultSetMetaData.columnNoNulls;
        }
    }

    /** Whether {@code number} is a whole number a long holds (an unsigned bigint's largest do not). */
    private static boolean isWhole(Number number) {
        return number instanceof Long
                || number instanceof Integer
                || number instanceof Short
                || number instanceof java.math.BigDecimal decimal
                        && decimal.stripTrailingZeros().scale() <= 0
                        && decimal.toBigInteger().bitLength() < Long.SIZE
                || number instanceof java.math.BigInteger whole && whole.bitLength() < Long.SIZE;
    }

    private static Long resumePoint(WarehouseSession session, Relation temp, String column) {
        if (session.relationKind(temp).isEmpty()) {
            return null;
        }
        Object highest = session.query(
                        "select max(" + session.dialect().quote(column) + ") from " + temp.render(session.dialect()))
                .rows()
                .get(0)
                .get(0);
        return highest instanceof Number number ? number.longValue() : null;
    }

    private LoadResult load(
            Connection connection,
            WarehouseSession session,
            Relation temp,
            String query,
            Instant uploadedAt,
            long before)
            throws SQLException {
        try (SourceRows rows = SourceRows.open(
                connection,
                options.manifest().connection().driver(),
                query,
                session.dialect().type(),
                cancelled,
                where,
                plan.table().advancedMetadata() ? options.taskInstance() : null,
                plan.table().name())) {
            return new TableLoader(session)
                    .load(
                            new LoadRequest(temp, LoadMode.APPEND, List.of(), options.runId(), uploadedAt, true),
                            rows.rows(),
                            count -> progress.accept(before + count));
        }
    }
}
