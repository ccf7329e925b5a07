package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.weir.warehouse.testing.TestWarehouses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code weir permissions} and the permission task types on the real PostgreSQL, through the PERMISSION flavor's
 * variables. Each test has a database of its own (the commands manage every schema of theirs, {@code snapshots}
 * included) and roles with its own prefix (roles are cluster-wide), so other tests on the server are untouched.
 */
class PermissionsCommandIT {
    private final String prefix =
            "wc" + UUID.randomUUID().toString().replace("-", "").substring(0, 10) + "_";
    private final String database = prefix + "db";
    private String url;

    @TempDir
    Path project;

    @BeforeEach
    void setUp() throws IOException {
        assumeTrue(TestWarehouses.postgresAvailable(), "no PostgreSQL at " + TestWarehouses.postgresUrl());
        execute(TestWarehouses.postgresUrl(), "create database " + database);
        url = TestWarehouses.postgresUrl().replaceFirst("(//[^/]+/)[^?]*", "$1" + database);
        sql("create schema " + prefix + "tap", "create table " + prefix + "tap.orders (id int)");
        Files.writeString(
                project.resolve("roles.yml"),
                """
                version: "1.0"
                databases:
                  - raw: {shared: no}
                roles:
                  - P_loader:
                      privileges:
                        schemas: {write: [raw.P_tap]}
                        tables:  {write: [raw.P_tap.*]}
                  - P_reader:
                      privileges:
                        tables: {read: [raw.P_tap.orders]}
                users:
                  - P_looker: {can_login: yes, member_of: [P_reader]}
                """
                        .replace("P_", prefix));
    }

    @AfterEach
    void tearDown() {
        if (url == null) {
            return;
        }
        execute(TestWarehouses.postgresUrl(), "drop database " + database + " with (force)");
        List<String> roles = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(TestWarehouses.postgresUrl());
                Statement statement = connection.createStatement()) {
            try (ResultSet results =
                    statement.executeQuery("select rolname from pg_roles where rolname like '" + prefix + "%'")) {
                while (results.next()) {
                    roles.add('"' + results.getString(1) + '"');
                }
            }
            if (!roles.isEmpty()) {
                statement.execute("drop role " + String.join(", ", roles));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void dryRunThenRunThenNothingToChange() {
        CliRun dry = weir("permissions", "run", "roles.yml", "--dry");
        assertThat(dry.exitCode()).as(dry.toString()).isZero();
        assertThat(dry.out())
                .contains("[to run]   CREATE ROLE \"" + prefix + "looker\" LOGIN;")
                .contains("[to run]   GRANT SELECT ON TABLE \"" + prefix + "tap\".\"orders\" TO \"" + prefix
                        + "reader\";")
                .contains("Dry run:");
        assertThat(roleCount()).isZero();

        CliRun run = weir("permissions", "run", "roles.yml");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Applied roles.yml:").contains("3 roles created");
        assertThat(roleCount()).isEqualTo(3);

        CliRun again = weir("permissions", "run", "roles.yml", "--diff");
        assertThat(again.out())
                .contains("[in place] GRANT \"" + prefix + "reader\" TO \"" + prefix + "looker\";")
                .contains("Nothing to change: the warehouse matches roles.yml");
    }

    @Test
    void roleLimitsTheRunToThatRole() {
        CliRun run = weir("permissions", "run", "roles.yml", "--role", prefix + "reader");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(roleCount()).isEqualTo(1);
    }

    @Test
    void theApplyTaskReturnsItsCountsAndTheSnapshotRecordsTheRoles() throws IOException {
        // tasks see the process's environment, not the CLI's, so the project's settings name the warehouse
        Files.writeString(project.resolve("weir.yaml"), "warehouse:\n  type: postgres\n  url: \"" + url + "\"\n");
        Files.createDirectories(project.resolve("dags"));
        Files.writeString(
                project.resolve("dags/permissions.yaml"),
                """
                dag_id: permissions
                schedule: "@daily"
                start_date: 2024-01-01
                tasks:
                  apply:
                    type: permissions.apply
                    spec: roles.yml
                  snapshot:
                    type: permissions.snapshot
                    after: [apply]
                """);

        CliRun run = weir("dags", "test", "permissions", "2024-01-01");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        String xcom = weir("tasks", "xcom", "permissions", "apply", "2024-01-01", "-o", "json")
                .out();
        assertThat(xcom)
                .contains("\"roles_created\" : 3")
                .contains("\"revokes\" : 0")
                .contains("\"applied\" : true");
        assertThat(xcom).containsPattern("\"grants\" : [1-9]");
        assertThat(weir("tasks", "logs", "permissions", "apply", "2024-01-01").out())
                .contains("Applied roles.yml:");
        String roles = query("select count(*) from snapshots.permission_roles where role_name like '" + prefix
                + "%' and _uploaded_at is not null");
        assertThat(Integer.parseInt(roles)).isGreaterThanOrEqualTo(3);
        String grants = query("select count(*) from snapshots.permission_grants where grantee = '" + prefix
                + "reader' and object_name = 'orders' and privilege = 'SELECT'");
        assertThat(grants).isEqualTo("1");
    }

    private CliRun weir(String... args) {
        String[] withProject = new String[args.length + 2];
        withProject[0] = "--project";
        withProject[1] = project.toString();
        System.arraycopy(args, 0, withProject, 2, args.length);
        return CliRun.run(Map.of("HOME", project.toString(), "WEIR_WAREHOUSE_PERMISSION_URL", url), withProject);
    }

    private int roleCount() {
        return Integer.parseInt(query("select count(*) from pg_roles where rolname like '" + prefix + "%'"));
    }

    private void sql(String... statements) {
        execute(url, statements);
    }

    private static void execute(String on, String... statements) {
        try (Connection connection = DriverManager.getConnection(on);
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private String query(String sql) {
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement();
                ResultSet results = statement.executeQuery(sql)) {
            results.next();
            return results.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
