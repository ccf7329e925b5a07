package io.weir.cli.sql;

import io.weir.cli.Main;
import io.weir.cli.output.OutputOption;
import io.weir.cli.output.OutputRenderer;
import io.weir.cli.output.Rows;
import io.weir.cli.remote.WarehouseCommand;
import io.weir.cli.remote.WarehouseHost;
import io.weir.core.project.ProjectSettings;
import io.weir.warehouse.Column;
import io.weir.warehouse.Flavor;
import io.weir.warehouse.LogicalDatabases;
import io.weir.warehouse.QueryResult;
import io.weir.warehouse.Warehouse;
import io.weir.warehouse.WarehouseSession;
import io.weir.warehouse.WarehouseSettings;
import io.weir.warehouse.WarehouseTarget;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code weir sql}: runs a statement on the project's warehouse and prints what it returns. */
@Command(
        name = "sql",
        description = "Run a SQL statement on the project's warehouse (raw.* and analytics.*) and print the result.")
public final class SqlCommand implements Callable<Integer>, WarehouseCommand {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @ParentCommand
    private Main main;

    @Spec
    private CommandSpec spec;

    @Mixin
    private OutputOption output;

    @Option(
            names = "--max-rows",
            defaultValue = "1000",
            paramLabel = "N",
            description = "Print at most this many rows (default ${DEFAULT-VALUE}).")
    private int maxRows;

    @Parameters(paramLabel = "SQL", description = "The statement, such as \"select count(*) from raw.shop.orders\".")
    private String sql;

    @Override
    public Integer call() {
        Path projectDir = main.projectDir();
        WarehouseTarget target = WarehouseSettings.of(projectDir, ProjectSettings.load(projectDir), main.environment())
                .target(Flavor.SYSADMIN);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (Warehouse warehouse = Warehouse.open(target, PATIENCE, message -> {
                    err.println(message);
                    err.flush();
                });
                WarehouseSession session = warehouse.session()) {
            // Run for a caller in another process, the query stops when that caller's Ctrl-C hangs up.
            WarehouseHost.onHangUp(session::cancel);
            String statement = LogicalDatabases.resolve(target, sql.strip());
            if (returnsRows(statement)) {
                QueryResult result = session.query(statement, maxRows + 1);
                OutputRenderer.render(output.format(), rows(result), out);
                if (result.rows().size() > maxRows) {
                    err.println("(only the first " + maxRows + " rows are shown; --max-rows shows more)");
                }
            } else {
                long changed = session.execute(statement);
                // PostgreSQL's driver counts 0 rows for DDL, DuckDB's none: only DML reports a count, on both.
                out.println(
                        changed < 0 || !changesRows(statement)
                                ? "OK"
                                : "OK, " + changed + (changed == 1 ? " row" : " rows"));
            }
            out.flush();
            return 0;
        }
    }

    private static boolean returnsRows(String statement) {
        return List.of(
                        "select",
                        "with",
                        "show",
                        "describe",
                        "explain",
                        "values",
                        "table",
                        "pragma",
                        "from",
                        "summarize")
                .contains(firstWord(statement));
    }

    /** Whether {@code statement} writes rows, so that the count the warehouse gives is the rows it changed. */
    private static boolean changesRows(String statement) {
        return List.of("insert", "update", "delete", "merge", "copy").contains(firstWord(statement));
    }

    private static String firstWord(String statement) {
        return statement.split("\\s+", 2)[0].toLowerCase(java.util.Locale.ROOT);
    }

    private Rows rows(QueryResult result) {
        List<String> columns = new ArrayList<>();
        for (Column column : result.columns()) {
            String name = column.name();
            while (columns.contains(name)) {
                name = name + "_";
            }
            columns.add(name);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (List<Object> values :
                result.rows().subList(0, Math.min(maxRows, result.rows().size()))) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                Object value = values.get(i);
                row.put(
                        columns.get(i),
                        value == null || value instanceof Number || value instanceof Boolean
                                ? value
                                : value.toString());
            }
            rows.add(row);
        }
        return new Rows(columns, rows);
    }
}
