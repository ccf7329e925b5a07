package io.weir.warehouse.load;

import static java.util.Objects.requireNonNull;

import io.weir.warehouse.Dialect;
import io.weir.warehouse.Relation;
import io.weir.warehouse.RelationKind;
import io.weir.warehouse.WarehouseException;
import io.weir.warehouse.WarehouseSession;
import io.weir.warehouse.WarehouseType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;

/**
 * Loads a stream of rows into one warehouse table. The rows go first into a staging table beside the target
 * ({@code <table>__weir_load}) by the warehouse's bulk path; then one transaction applies the schema changes and the
 * load mode, so readers see the table before or after the load, never half of it, and a failed load leaves it as
 * it was.
 */
public final class TableLoader {
    /** The column every loaded row gets with the time of its load. */
    public static final String UPLOADED_AT = "_uploaded_at";
    /** The column every loaded row gets with the id of the run that loaded it. */
    public static final String RUN_ID = "_weir_run_id";

    /** How often, in rows, a load's progress listener hears the count so far. */
    public static final long PROGRESS_EVERY = 100_000;

    static final String STAGING_SUFFIX = "__weir_load";
    /** How load statements write an instant: in UTC, to the microsecond, which DuckDB and PostgreSQL both read. */
    static final DateTimeFormatter MICROS_UTC = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS'+00'");

    private static final int POSTGRES_MAX_IDENTIFIER = 63;

    private final WarehouseSession session;
    private final Dialect dialect;

    public TableLoader(WarehouseSession session) {
        this.session = requireNonNull(session, "session is null");
        this.dialect = session.dialect();
    }

    /**
     * A look at the staged rows before they reach the table, such as an extract's integrity checks; it throws to keep
     * the table as it was.
     */
    @FunctionalInterface
    public interface StagedCheck {
        /** Checks the {@code rows} rows staged in {@code staging}; throws when they must not be applied. */
        void check(WarehouseSession session, Relation staging, long rows);
    }

    /**
     * Rows the warehouse reads itself in one go, such as a file DuckDB reads with {@code read_csv} or bytes fed to
     * PostgreSQL's {@code COPY}, instead of rows passed one by one.
     */
    public interface TableFill {
        /** The columns the rows have, without the load columns. */
        List<LoadColumn> columns();

        /**
         * Puts every row into {@code table}, whose columns are {@link #columns()} and then {@value #UPLOADED_AT} and
         * {@value #RUN_ID}, to be filled with {@code uploadedAt} and {@code runId}.
         *
         * @return the rows put into the table
         */
        long fill(WarehouseSession session, Relation table, OffsetDateTime uploadedAt, String runId);
    }

    /**
     * Whether DuckDB loads {@link ColumnarRows} as Arrow batches in this JVM; a source that can give rows no other way
     * asks before it starts.
     */
    public static boolean columnarLoads() {
        return DuckDbArrowWriter.available();
    }

    /** Loads {@code rows} as {@code request} says; {@code progress} hears the count of rows staged so far. */
    public LoadResult load(LoadRequest request, RowSource rows, LongConsumer progress) {
        return load(request, rows, progress, null);
    }

    /** Loads the rows {@code fill} puts into a table as {@code request} says, by the same path as rows one by one. */
    public LoadResult load(LoadRequest request, TableFill fill) {
        return load(
                request,
                fill.columns(),
                (writing, table, uploadedAt) ->
                        new BulkWriter.Written(fill.fill(writing, table, uploadedAt, request.runId()), 0),
                null,
                false,
                false);
    }

    /**
     * Loads {@code rows} as {@code request} says, through the staging table, and lets {@code check} (when not null)
     * look at the staged rows before they are applied.
     */
    public LoadResult load(LoadRequest request, RowSource rows, LongConsumer progress, StagedCheck check) {
        // DuckDB's appender pays for every value it takes, the load columns' too; a new staging table gets them
        // afterwards as one constant each. DuckDB's CSV reader adds them as constants itself.
        boolean stampAfterwards = dialect.type() == WarehouseType.DUCKDB
                && !(rows instanceof CopyCsvRows || rows instanceof ColumnarRows);
        // PostgreSQL's COPY parses every value it is given; a load column's default costs it nothing per row, and
        // parsing the time of the load on every row costs it a fifth of the copy.
        boolean stampByDefault = dialect.type() == WarehouseType.POSTGRES;
        return load(
                request,
                rows.columns(),
                (writing, table, uploadedAt) ->
                        BulkWriter.of(writing).write(table, rows, uploadedAt, request.runId(), progress),
                check,
                stampAfterwards,
                stampByDefault);
    }

    /** Writes the rows of one load into a table of the load's columns. */
    private interface Writing {
        BulkWriter.Written write(WarehouseSession session, Relation table, OffsetDateTime uploadedAt);
    }

    /**
     * @param stampAfterwards whether a new staging table gets the load columns after the rows are written, filled
     *     with one value each, instead of with every row
     * @param stampByDefault whether the rows are written without the load columns into a table where they default
     *     to the load's values for the length of the write: the staging table, or a target only this load uses
     */
    private LoadResult load(
            LoadRequest request,
            List<LoadColumn> sourceColumns,
            Writing writing,
            StagedCheck check,
            boolean stampAfterwards,
            boolean stampByDefault) {
        long started = System.nanoTime();
        Relation target = request.target();
        List<LoadColumn> columns = checkColumns(target, sourceColumns, request);
        session.createSchemaIfMissing(target.database(), target.schema());
        Optional<RelationKind> kind = session.relationKind(target);
        if (kind.isPresent() && kind.get() == RelationKind.VIEW) {
            throw new WarehouseException(
                    "Cannot load into " + target + ": it is a view; drop it or load into another table");
        }
        boolean exists = kind.isPresent();
        List<LoadColumn> all = withLoadColumns(columns);
        Map<String, String> existing =
                exists && request.mode() != LoadMode.REPLACE ? existingColumns(target) : Map.of();
        List<SchemaEvolution.Change> changes = exists && request.mode() != LoadMode.REPLACE
                ? SchemaEvolution.plan(target, dialect.type(), existing, all)
                : List.of();
        if (check == null && exists && request.mode() == LoadMode.APPEND && writesDirectly(existing, changes, all)) {
            // Appending needs no staging copy: the rows go straight into the table inside the transaction.
            BulkWriter.Written direct = session.inTransaction(tx -> {
                for (SchemaEvolution.Change change : changes) {
                    tx.execute(alter(target, change));
                }
                if (stampByDefault && request.privateTarget()) {
                    return writtenWithDefaults(tx, target, request, writing);
                }
                return writing.write(tx, target, request.uploadedAt().atOffset(ZoneOffset.UTC));
            });
            return result(request, direct, changes, started);
        }
        Relation staging = staging(target);
        session.execute("drop table if exists " + staging.render(dialect));
        session.execute(
                "create table " + staging.render(dialect) + " (" + definitions(stampAfterwards ? columns : all) + ")");
        BulkWriter.Written written;
        try {
            if (stampAfterwards) {
                written = writing.write(session, staging, null);
                addLoadColumns(staging, request);
            } else if (stampByDefault) {
                written = writtenWithDefaults(session, staging, request, writing);
            } else {
                written = writing.write(session, staging, request.uploadedAt().atOffset(ZoneOffset.UTC));
            }
            if (request.mode() == LoadMode.MERGE) {
                session.execute(keepLastPerKey(staging, request.key()));
            }
            if (check != null) {
                check.check(session, staging, written.rows());
            }
            session.inTransaction(tx -> {
                if (!exists || request.mode() == LoadMode.REPLACE) {
                    if (exists) {
                        tx.execute("drop table " + target.render(dialect));
                    }
                    tx.execute("alter table " + staging.render(dialect) + " rename to "
                            + dialect.quote(target.identifier()));
                    return null;
                }
                for (SchemaEvolution.Change change : changes) {
                    tx.execute(alter(target, change));
                }
                if (request.mode() == LoadMode.MERGE) {
                    tx.execute(deleteMatching(target, staging, request.key()));
                }
                String names = names(all);
                tx.execute("insert into " + target.render(dialect) + " (" + names + ") select " + names + " from "
                        + staging.render(dialect));
                tx.execute("drop table " + staging.render(dialect));
                return null;
            });
        } catch (RuntimeException e) {
            dropQuietly(staging, e);
            throw e;
        }
        return result(request, written, changes, started);
    }

    /**
     * Adds the load columns to {@code staging}, every row holding the load's time and run id: as defaults, which fill
     * the rows already there, then dropped, so that the table keeps no default of a past load.
     */
    private void addLoadColumns(Relation staging, LoadRequest request) {
        String at = request.uploadedAt().atOffset(ZoneOffset.UTC).format(MICROS_UTC);
        String table = staging.render(dialect);
        session.execute("alter table " + table + " add column " + dialect.quote(UPLOADED_AT) + " "
                + LoadType.of(LoadType.Kind.TIMESTAMPTZ).sql(dialect.type()) + " default cast(" + dialect.literal(at)
                + " as timestamp with time zone)");
        session.execute("alter table " + table + " add column " + dialect.quote(RUN_ID) + " "
                + LoadType.of(LoadType.Kind.TEXT).sql(dialect.type()) + " default " + dialect.literal(request.runId()));
        session.execute("alter table " + table + " alter column " + dialect.quote(UPLOADED_AT) + " drop default");
        session.execute("alter table " + table + " alter column " + dialect.quote(RUN_ID) + " drop default");
    }

    /**
     * Writes the rows without the load columns into {@code table}, whose load columns default to the load's time and
     * run id meanwhile: set before, dropped after, so that the table keeps no default of a past load.
     */
    private BulkWriter.Written writtenWithDefaults(
            WarehouseSession on, Relation table, LoadRequest request, Writing writing) {
        String at = request.uploadedAt().atOffset(ZoneOffset.UTC).format(MICROS_UTC);
        String rendered = table.render(dialect);
        // A literal of no type is read as the column's type once, here, not on every row.
        on.execute("alter table " + rendered + " alter column " + dialect.quote(UPLOADED_AT) + " set default "
                + dialect.literal(at) + ", alter column " + dialect.quote(RUN_ID) + " set default "
                + dialect.literal(request.runId()));
        BulkWriter.Written written = writing.write(on, table, null);
        on.execute("alter table " + rendered + " alter column " + dialect.quote(UPLOADED_AT)
                + " drop default, alter column " + dialect.quote(RUN_ID) + " drop default");
        return written;
    }

    private static LoadResult result(
            LoadRequest request, BulkWriter.Written written, List<SchemaEvolution.Change> changes, long started) {
        List<String> described =
                changes.stream().map(SchemaEvolution.Change::description).toList();
        return new LoadResult(
                request.target(),
                request.mode(),
                written.rows(),
                written.bytes(),
                Duration.ofNanos(System.nanoTime() - started),
                described);
    }

    /**
     * Whether rows can be written into the table as it is: PostgreSQL's COPY names its columns, DuckDB's appender
     * fills every column in table order, so there the table's columns, with the added ones at the end, must be the
     * load's in order.
     */
    private boolean writesDirectly(
            Map<String, String> existing, List<SchemaEvolution.Change> changes, List<LoadColumn> all) {
        if (dialect.type() == WarehouseType.POSTGRES) {
            return true;
        }
        List<String> after = new ArrayList<>();
        existing.keySet().forEach(name -> after.add(name.toLowerCase(Locale.ROOT)));
        changes.stream()
                .filter(SchemaEvolution.Change::adds)
                .forEach(change -> after.add(change.column().toLowerCase(Locale.ROOT)));
        List<String> wanted = all.stream()
                .map(column -> column.name().toLowerCase(Locale.ROOT))
                .toList();
        return after.equals(wanted);
    }

    /** The columns of {@code table} with the warehouse's names for their types; empty when it does not exist. */
    public Map<String, String> existingColumns(Relation table) {
        if (dialect.type() != WarehouseType.POSTGRES) {
            Map<String, String> columns = new LinkedHashMap<>();
            session.columns(table).forEach(column -> columns.put(column.name(), column.dataType()));
            return columns;
        }
        String sql = "select a.attname, format_type(a.atttypid, a.atttypmod) from pg_attribute a"
                + " join pg_class c on a.attrelid = c.oid join pg_namespace n on c.relnamespace = n.oid"
                + " where n.nspname = ? and c.relname = ? and a.attnum > 0 and not a.attisdropped order by a.attnum";
        try (PreparedStatement statement = session.connection().prepareStatement(sql)) {
            statement.setString(1, table.schema());
            statement.setString(2, table.identifier());
            Map<String, String> columns = new LinkedHashMap<>();
            try (ResultSet results = statement.executeQuery()) {
                while (results.next()) {
                    columns.put(results.getString(1), results.getString(2));
                }
            }
            return columns;
        } catch (SQLException e) {
            throw new WarehouseException("Cannot read the columns of " + table + ": " + e.getMessage(), e);
        }
    }

    /** The staging table of {@code target}: beside it, named {@code <table>__weir_load}. */
    public static Relation staging(Relation target) {
        String name = target.identifier();
        if (name.length() + STAGING_SUFFIX.length() > POSTGRES_MAX_IDENTIFIER) {
            name = name.substring(0, POSTGRES_MAX_IDENTIFIER - STAGING_SUFFIX.length());
        }
        return target.withIdentifier(name + STAGING_SUFFIX);
    }

    private static List<LoadColumn> checkColumns(Relation target, List<LoadColumn> columns, LoadRequest request) {
        if (columns.isEmpty()) {
            throw new WarehouseException("Cannot load into " + target + ": the source gives no columns");
        }
        Set<String> seen = new HashSet<>();
        for (LoadColumn column : columns) {
            String lower = column.name().toLowerCase(Locale.ROOT);
            if (lower.equals(UPLOADED_AT) || lower.equals(RUN_ID)) {
                throw new WarehouseException("Cannot load into " + target + ": the source has a column " + column.name()
                        + ", which Weir writes itself; rename it in the source query");
            }
            if (!seen.add(lower)) {
                throw new WarehouseException("Cannot load into " + target + ": the source gives the column "
                        + column.name() + " twice; give one of them another name (an alias in the query)");
            }
        }
        for (String key : request.key()) {
            if (!seen.contains(key.toLowerCase(Locale.ROOT))) {
                throw new WarehouseException("Cannot merge into " + target + " on " + key + ": the source gives no"
                        + " such column; it gives "
                        + columns.stream().map(LoadColumn::name).collect(Collectors.joining(", ")));
            }
        }
        return columns;
    }

    private static List<LoadColumn> withLoadColumns(List<LoadColumn> columns) {
        List<LoadColumn> all = new ArrayList<>(columns);
        all.add(new LoadColumn(UPLOADED_AT, LoadType.of(LoadType.Kind.TIMESTAMPTZ)));
        all.add(new LoadColumn(RUN_ID, LoadType.of(LoadType.Kind.TEXT)));
        return all;
    }

    private String definitions(List<LoadColumn> columns) {
        return columns.stream()
                .map(column ->
                        dialect.quote(column.name()) + " " + column.type().sql(dialect.type()))
                .collect(Collectors.joining(", "));
    }

    private String names(List<LoadColumn> columns) {
        return columns.stream().map(column -> dialect.quote(column.name())).collect(Collectors.joining(", "));
    }

    private String alter(Relation target, SchemaEvolution.Change change) {
        String column = dialect.quote(change.column());
        String type = change.type().sql(dialect.type());
        return change.adds()
                ? "alter table " + target.render(dialect) + " add column " + column + " " + type
                : "alter table " + target.render(dialect) + " alter column " + column + " type " + type;
    }

    private String deleteMatching(Relation target, Relation staging, List<String> key) {
        String condition = key.stream()
                .map(column -> "loaded." + dialect.quote(column) + " = staged." + dialect.quote(column))
                .collect(Collectors.joining(" and "));
        return "delete from " + target.render(dialect) + " as loaded using " + staging.render(dialect)
                + " as staged where " + condition;
    }

    /**
     * Deletes from the staging table every row whose key a later row repeats, so a merge leaves one row per key, the
     * last one read, as an upsert would. Both warehouses number a freshly appended table's rows in insertion order.
     */
    private String keepLastPerKey(Relation staging, List<String> key) {
        String position = dialect.type() == WarehouseType.POSTGRES ? "ctid" : "rowid";
        String partition = key.stream().map(dialect::quote).collect(Collectors.joining(", "));
        return "delete from " + staging.render(dialect) + " where " + position + " in (select " + position
                + " from (select " + position + ", row_number() over (partition by " + partition + " order by "
                + position + " desc) as weir_later from " + staging.render(dialect) + ") as numbered"
                + " where weir_later > 1)";
    }

    private void dropQuietly(Relation staging, RuntimeException cause) {
        try {
            session.execute("drop table if exists " + staging.render(dialect));
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
