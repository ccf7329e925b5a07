package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.weir.warehouse.testing.TestWarehouses;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A small {@code weir bench permissions} against the real PostgreSQL: its table, and nothing left behind. */
class PermissionsBenchIT {
    @Test
    void benchPermissionsPrintsEachTimeBesideItsFloorAndDropsWhatItMade() throws SQLException {
        assumeTrue(TestWarehouses.postgresAvailable(), "no PostgreSQL at " + TestWarehouses.postgresUrl());
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        CliRun run;
        // The benchmark prints its table on the process's standard output as it goes.
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            run = CliRun.run(
                    Map.of(),
                    "bench",
                    "permissions",
                    "--url",
                    TestWarehouses.postgresUrl(),
                    "--roles",
                    "8",
                    "--users",
                    "3",
                    "--tables",
                    "40");
        } finally {
            System.setOut(original);
        }
        String text = captured.toString(StandardCharsets.UTF_8);

        assertThat(run.exitCode()).as(run + text).isZero();
        String workload = "apply 8 roles, 3 users, 40 tables";
        assertThat(text)
                .containsPattern(workload + " +catalog read, s +[0-9.]+ +[0-9.]+ +[0-9.]+x")
                .containsPattern(workload + " +diff, s +[0-9.]+ +[0-9.]+ +[0-9.]+x")
                .containsPattern(workload + " +apply, s +[0-9.]+ +[0-9.]+ +[0-9.]+x")
                .containsPattern(workload + " +statements issued +[1-9][0-9]* ")
                .containsPattern("second run, no change +statements issued +0 ");
        try (Connection connection = DriverManager.getConnection(TestWarehouses.postgresUrl());
                Statement statement = connection.createStatement();
                ResultSet left = statement.executeQuery(
                        "select (select count(*) from pg_roles where rolname ~ '^wb[0-9a-f]{8}_')"
                                + " + (select count(*) from pg_namespace where nspname ~ '^wb[0-9a-f]{8}_')")) {
            left.next();
            assertThat(left.getLong(1)).isZero();
        }
    }
}
