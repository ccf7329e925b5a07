package io.weir.cli.bench;

import io.weir.governance.bench.PermissionBenchmark;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code weir bench permissions}: a generated spec applied to PostgreSQL, timed beside floors. */
@Command(
        name = "permissions",
        description = "Apply a generated permission spec to PostgreSQL (catalog read, diff, apply and statements"
                + " issued) beside floors measured in the same run; print a table.")
public final class PermissionsBenchCommand implements Callable<Integer> {
    @Option(
            names = "--url",
            defaultValue = "${env:WEIR_TEST_PG_URL:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}",
            description = "The PostgreSQL server to use; roles and schemas are created with a random prefix and"
                    + " dropped (default ${DEFAULT-VALUE}).")
    private String url;

    @Option(names = "--roles", defaultValue = "200", description = "Roles in the spec (default ${DEFAULT-VALUE}).")
    private int roles;

    @Option(names = "--users", defaultValue = "50", description = "Users in the spec (default ${DEFAULT-VALUE}).")
    private int users;

    @Option(names = "--tables", defaultValue = "2000", description = "Tables (default ${DEFAULT-VALUE}).")
    private int tables;

    @Override
    public Integer call() throws SQLException {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        List<PermissionBenchmark.Row> rows = new PermissionBenchmark(url).run(roles, users, tables, out);
        out.println();
        PermissionBenchmark.print(rows, out);
        return 0;
    }
}
