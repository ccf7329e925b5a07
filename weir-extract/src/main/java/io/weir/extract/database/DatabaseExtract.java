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
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Runs a manifest's tables: each query streams from the source into its RAW table. A failure a retry can cure (a
 * refused or dropped connection, a timeout) is retried with backoff inside the try, then fails as retryable; any
 * other fails at once as permanent. Either way the table's RAW table is as it was before.
 */
public final class DatabaseExtract {
    /** The schema of RAW tables unless the task says otherwise. */
    public static final String DEFAULT_SCHEMA = "tap_postgres";

    private static final int FETCH_SIZE = 10_000;

    /**
     * What to run.
     *
     * @param manifestName how messages name the manifest (its path relative to the project)
     * @param tables the names of the tables to run; empty for all
     * @param loadType the load type for every table, or null for each table's own
     * @param variables the environment: connection_info variables, placeholders, secrets
     * @param sourceRetries how often a retryable failure is retried inside the try
     * @param retryDelay the wait before the first retry, doubled for each next one
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
            int sourceRetries,
            Duration retryDelay) {
        public Options {
            requireNonNull(manifest, "manifest is null");
            requireNonNull(manifestName, "manifestName is null");
            requireNonNull(projectDir, "projectDir is null");
            tables = List.copyOf(tables);
            requireNonNull(interval, "interval is null");
            requireNonNull(targetSchema, "targetSchema is null");
            variables = Map.copyOf(variables);
            requireNonNull(runId, "runId is null");
            requireNonNull(retryDelay, "retryDelay is null");
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
            if (kind == LoadKind.VALIDATE) {
                throw new ExtractException(
                        "Load type validate (" + where + ") is not available yet; use" + " incremental, scd or sync");
            }
            String query = Placeholders.render(table.importQuery(), options.interval(), options.variables(), where);
            if (table.additionalFiltering() != null) {
                query = query + " "
                        + Placeholders.render(
                                table.additionalFiltering(), options.interval(), options.variables(), where);
            }
            plans.add(new TablePlan(
                    table, kind, query, new Relation(rawDatabase, options.targetSchema(), table.rawTableName())));
        }
        return plans;
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
                return new TableResult(plan, load(plan, source, warehouse, progress, cancelled, where));
            } catch (RuntimeException | SQLException e) {
                boolean retryable = SourceFailures.isRetryable(e) && !cancelled.getAsBoolean();
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
            try (Statement statement = connection.createStatement()) {
                statement.setFetchSize(FETCH_SIZE);
                try (ResultSet results = statement.executeQuery(plan.query());
                        WarehouseSession session = warehouse.session()) {
                    List<SourceColumn> columns =
                            SourceTypes.columns(options.manifest().connection().driver(), results.getMetaData());
                    LoadMode mode =
                            switch (plan.loadType()) {
                                case INCREMENTAL -> LoadMode.MERGE;
                                case SCD -> LoadMode.APPEND;
                                case SYNC, VALIDATE -> LoadMode.REPLACE;
                            };
                    List<String> key = mode == LoadMode.MERGE ? plan.table().primaryKey() : List.of();
                    return new TableLoader(session)
                            .load(
                                    new LoadRequest(plan.target(), mode, key, options.runId(), Instant.now()),
                                    new JdbcRows(results, columns, cancelled, where),
                                    progress);
                }
            }
        }
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
