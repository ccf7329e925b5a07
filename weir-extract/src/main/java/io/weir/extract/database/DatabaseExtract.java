package io.weir.extract.database;

import static java.util.Objects.requireNonNull;

import io.weir.core.schedule.DataInterval;
import io.weir.core.task.TaskFailure;
import io.weir.extract.ExtractException;
import io.weir.warehouse.Relation;
import io.weir.warehouse.Warehouse;
import io.weir.warehouse.WarehouseSession;
import io.weir.warehouse.WarehouseSettings;
import io.weir.warehouse.load.LoadMode;
import io.weir.warehouse.load.LoadRequest;
import io.weir.warehouse.load.LoadResult;
import io.weir.warehouse.load.TableLoader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Runs a manifest's tables: each query streams from the source into its RAW table. A failure a retry can cure (a
 * refused or dropped connection, a timeout) is retried with backoff inside the try, then fails as retryable; any
 * other fails at once as permanent. Either way the table's RAW table is as it was before.
 */
public final class DatabaseExtract {
    /** How many keys one range of a sync spans unless the task says otherwise. */
    public static final long DEFAULT_SYNC_RANGE = SyncLoad.DEFAULT_RANGE;

    /** The schema of RAW tables unless the task says otherwise. */
    public static final String DEFAULT_SCHEMA = "tap_postgres";
    /** The column {@code advanced_metadata: true} adds to a table's rows: the try that loaded them, as the team's pipeline does. */
    public static final String TASK_INSTANCE = "_task_instance";

    /**
     * What to run.
     *
     * @param manifestName how messages name the manifest (its path relative to the project)
     * @param tables the names of the tables to run; empty for all
     * @param loadType the load type for every table, or null for each table's own
     * @param variables the environment: connection_info variables, placeholders, secrets
     * @param sourceRetries how often a retryable failure is retried inside the try
     * @param retryDelay the wait before the first retry, doubled for each next one
     * @param taskInstance written to {@value #TASK_INSTANCE} of every row of a table with {@code advanced_metadata}
     * @param syncRange how many keys one range of a sync spans
     */
    public record Options(
            Manifest manifest,
            String manifestName,
            Path projectDir,
            List<String> tables,
            DataInterval interval,
            LoadKind loadType,
            String targetSchema,
            Map<String, String> variables,
            String runId,
            String taskInstance,
            int sourceRetries,
            Duration retryDelay,
            long syncRange) {
        public Options {
            requireNonNull(manifest, "manifest is null");
            requireNonNull(manifestName, "manifestName is null");
            requireNonNull(projectDir, "projectDir is null");
            tables = List.copyOf(tables);
            requireNonNull(interval, "interval is null");
            requireNonNull(targetSchema, "targetSchema is null");
            variables = Map.copyOf(variables);
            requireNonNull(runId, "runId is null");
            requireNonNull(taskInstance, "taskInstance is null");
            requireNonNull(retryDelay, "retryDelay is null");
            if (syncRange < 1) {
                throw new IllegalArgumentException("syncRange must be at least 1, not " + syncRange);
            }
        }
    }

    private final Options options;

    public DatabaseExtract(Options options) {
        this.options = requireNonNull(options, "options is null");
    }

    /**
     * The tables to run, their queries rendered and targets named, in manifest order.
     *
     * @throws ExtractException for an unknown table, an unknown placeholder or a load type that does not fit
     */
    public List<TablePlan> plan(String rawDatabase) {
        Manifest manifest = options.manifest();
        for (String name : options.tables()) {
            if (!manifest.tables().containsKey(name)) {
                throw new ExtractException("The manifest " + options.manifestName() + " has no table " + name
                        + "; it has " + String.join(", ", manifest.tables().keySet()));
            }
        }
        List<TablePlan> plans = new ArrayList<>();
        for (ManifestTable table : manifest.tables().values()) {
            if (!options.tables().isEmpty() && !options.tables().contains(table.name())) {
                continue;
            }
            String where = "table " + table.name() + " of " + options.manifestName();
            LoadKind kind = options.loadType() != null
                    ? options.loadType()
                    : table.loadType() != null
                            ? table.loadType()
                            : Placeholders.isIncremental(table.importQuery()) ? LoadKind.INCREMENTAL : LoadKind.SCD;
            String query = render(table, options.interval(), where);
            String fullQuery = render(
                    table, new DataInterval(Instant.EPOCH, options.interval().end()), where);
            plans.add(new TablePlan(
                    table,
                    kind,
                    query,
                    fullQuery,
                    new Relation(rawDatabase, options.targetSchema(), table.rawTableName())));
        }
        return plans;
    }

    private String render(ManifestTable table, DataInterval interval, String where) {
        String query = Placeholders.render(table.importQuery(), interval, options.variables(), where);
        if (table.additionalFiltering() != null) {
            query = query + " "
                    + Placeholders.render(table.additionalFiltering(), interval, options.variables(), where);
        }
        return query;
    }

    /** The target of the manifest's source, for messages and a dry run. */
    public String describeSource() {
        return SourceConnections.target(
                        options.manifest(), options.manifestName(), options.projectDir(), options.variables())
                .described();
    }

    /**
     * Extracts one table.
     *
     * @param log hears the retries
     * @param progress hears the rows loaded so far, every 100,000
     * @throws TaskFailure retryable or permanent, naming the manifest, table and the source's message
     */
    public TableResult run(
            TablePlan plan,
            Warehouse warehouse,
            Consumer<String> log,
            LongConsumer progress,
            BooleanSupplier cancelled) {
        String where = "table " + plan.table().name() + " of " + options.manifestName();
        SourceConnections.Target source;
        try {
            source = SourceConnections.target(
                    options.manifest(), options.manifestName(), options.projectDir(), options.variables());
        } catch (ExtractException e) {
            throw new TaskFailure(e.getMessage(), false, e);
        }
        int attempts = 1 + Math.max(0, options.sourceRetries());
        for (int attempt = 1; ; attempt++) {
            try {
                LoadKind kind = plan.loadType();
                if (kind == LoadKind.INCREMENTAL) {
                    String reason = syncReason(plan, source, warehouse);
                    if (reason != null) {
                        log.accept("Table " + plan.table().name() + ": " + reason + "; copying it whole (sync)");
                        kind = LoadKind.SYNC;
                    }
                }
                LoadResult result =
                        switch (kind) {
                            case INCREMENTAL, SCD -> load(plan, source, warehouse, progress, cancelled, where);
                            case SYNC -> new SyncLoad(plan, source, options, warehouse, log, progress, cancelled, where)
                                    .run();
                            case VALIDATE -> new ValidateLoad(
                                            plan,
                                            source,
                                            options.manifest().connection().driver(),
                                            warehouse,
                                            where)
                                    .run();
                        };
                return new TableResult(plan, kind, result);
            } catch (TaskFailure e) {
                throw e;
            } catch (RuntimeException | SQLException e) {
                if (cancelled.getAsBoolean()) {
                    // Whatever the cancel broke (the read, a warehouse statement), the try stopped; it did not fail.
                    throw new TaskFailure(
                            "Extracting " + where + " was cancelled"
                                    + (e instanceof SourceReadCancelled read
                                            ? " after " + read.rows() + " rows read"
                                            : " (" + SourceFailures.message(e) + ")")
                                    + "; " + plan.target() + " is unchanged",
                            true,
                            e);
                }
                boolean retryable = SourceFailures.isRetryable(e);
                String message = "Extracting " + where + " from the " + source.described() + " failed: "
                        + SourceFailures.message(e) + "; " + plan.target() + " is unchanged";
                if (!retryable || attempt >= attempts) {
                    throw new TaskFailure(
                            message + (retryable ? " (retryable: the source may be back on the next try)" : ""),
                            retryable,
                            e);
                }
                Duration wait = options.retryDelay().multipliedBy(1L << Math.min(attempt - 1, 10));
                log.accept(message + "; attempt " + attempt + " of " + attempts + ", retrying in "
                        + wait.toMillis() / 1000.0 + " s");
                sleep(wait);
            }
        }
    }

    private LoadResult load(
            TablePlan plan,
            SourceConnections.Target source,
            Warehouse warehouse,
            LongConsumer progress,
            BooleanSupplier cancelled,
            String where)
            throws SQLException {
        try (Connection connection = SourceConnections.open(source)) {
            if (options.manifest().connection().driver() == SourceDriver.POSTGRESQL) {
                connection.setAutoCommit(false);
                connection.setReadOnly(true);
            }
            LoadMode mode = plan.loadType() == LoadKind.INCREMENTAL ? LoadMode.MERGE : LoadMode.APPEND;
            List<String> key = mode == LoadMode.MERGE ? plan.table().primaryKey() : List.of();
            try (SourceRows rows = SourceRows.open(
                            connection,
                            options.manifest().connection().driver(),
                            plan.query(),
                            warehouse.dialect().type(),
                            cancelled,
                            where,
                            taskInstance(plan),
                            plan.table().name());
                    WarehouseSession session = warehouse.session()) {
                return new TableLoader(session)
                        .load(
                                new LoadRequest(plan.target(), mode, key, options.runId(), Instant.now()),
                                rows.rows(),
                                progress);
            }
        }
    }

    /**
     * Why an incremental table must be copied whole first, or null when it need not: its RAW table is new, or the
     * source's columns are no longer the RAW table's.
     */
    private String syncReason(TablePlan plan, SourceConnections.Target source, Warehouse warehouse)
            throws SQLException {
        Map<String, String> existing;
        try (WarehouseSession session = warehouse.session()) {
            if (session.relationKind(plan.target()).isEmpty()) {
                return plan.target() + " does not exist yet";
            }
            existing = new TableLoader(session).existingColumns(plan.target());
        }
        Set<String> raw = new TreeSet<>();
        existing.keySet().stream()
                .map(name -> name.toLowerCase(Locale.ROOT))
                .filter(name -> !name.equals(TableLoader.UPLOADED_AT)
                        && !name.equals(TableLoader.RUN_ID)
                        && !name.equals(TASK_INSTANCE))
                .forEach(raw::add);
        Set<String> columns = new TreeSet<>();
        try (Connection connection = SourceConnections.open(source);
                Statement statement = connection.createStatement();
                ResultSet results =
                        statement.executeQuery("SELECT * FROM (" + plan.query() + ") AS weir_columns WHERE 1 = 0")) {
            for (SourceColumn column :
                    SourceTypes.columns(options.manifest().connection().driver(), results.getMetaData())) {
                columns.add(column.column().name());
            }
        }
        return raw.equals(columns)
                ? null
                : "the source's columns " + columns + " are no longer those of " + plan.target() + " " + raw;
    }

    /** What a row of {@code plan}'s table carries in {@value #TASK_INSTANCE}: null unless it has advanced_metadata. */
    String taskInstance(TablePlan plan) {
        return plan.table().advancedMetadata() ? options.taskInstance() : null;
    }

    /** The RAW database of a warehouse, for {@link #plan}. */
    public static String rawDatabase(Warehouse warehouse) {
        return WarehouseSettings.rawDatabase(warehouse.target());
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaskFailure("Interrupted while waiting to retry", true, e);
        }
    }
}
