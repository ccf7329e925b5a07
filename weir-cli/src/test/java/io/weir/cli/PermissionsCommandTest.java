package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code weir permissions} and the permission task types on the default embedded DuckDB warehouse. */
class PermissionsCommandTest {
    static final String SPEC =
            """
            version: "1.0"
            databases:
              - raw:       {shared: no}
              - analytics: {shared: no}
            roles:
              - loader:
                  warehouses: [loading]
                  privileges:
                    schemas: {read: [raw.*], write: [raw.*]}
                    tables:  {read: [raw.*.*], write: [raw.*.*]}
              - reporter:
                  privileges:
                    tables: {read: [analytics.analytics.*]}
            users:
              - looker: {can_login: yes, member_of: [reporter]}
            warehouses:
              - loading: {size: x-small}
            """;

    @TempDir
    Path project;

    @Test
    void specTestChecksASpecWithoutAWarehouse() throws IOException {
        write("roles.yml", SPEC);

        CliRun run = weir("permissions", "spec-test", "roles.yml");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out())
                .contains("Not applied on PostgreSQL: warehouses (loading) and the warehouse grants of roles (loader)")
                .contains("roles.yml is valid: 2 databases, 2 roles, 1 users.");
        assertThat(Files.exists(project.resolve(".weir"))).isFalse();
    }

    @Test
    void aBadSpecGivesOneMessageWithFileAndLine() throws IOException {
        write("roles.yml", SPEC.replace("member_of: [reporter]", "member_of: [reportr]"));

        CliRun run = weir("permissions", "spec-test", "roles.yml");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip().lines())
                .singleElement()
                .asString()
                .startsWith("error: " + project.resolve("roles.yml") + ":15:")
                .contains("names role 'reportr', which the spec does not declare; did you mean 'reporter'?");
        assertThat(run.err()).doesNotContain("Exception");
    }

    @Test
    void runAndSnapshotSayInOneSentenceThatDuckDbHasNoRoles() throws IOException {
        write("roles.yml", SPEC);

        for (String[] args : new String[][] {{"permissions", "run", "roles.yml"}, {"permissions", "snapshot"}}) {
            CliRun run = weir(args);
            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out().strip().lines())
                    .singleElement()
                    .asString()
                    .contains("is the embedded DuckDB, which has no roles or grants")
                    .contains("warehouse.type: postgres");
        }
    }

    @Test
    void theTaskTypesExplainThemselvesOnDuckDbAndSucceed() throws IOException {
        write("roles.yml", SPEC);
        write(
                "dags/permissions.yaml",
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
        assertThat(run.out()).contains("permissions › apply ✔", "permissions › snapshot ✔");
        assertThat(weir("tasks", "xcom", "permissions", "apply", "2024-01-01", "-o", "json")
                        .out())
                .contains("\"applied\" : false");
        assertThat(weir("tasks", "logs", "permissions", "apply", "2024-01-01").out())
                .contains("which has no roles or grants");
    }

    @Test
    void aDagWithoutASpecIsAnImportError() throws IOException {
        write(
                "dags/permissions.yaml",
                """
                dag_id: permissions
                tasks:
                  apply:
                    type: permissions.apply
                    dry_run: perhaps
                """);

        CliRun run = weir("dags", "list-import-errors");

        assertThat(run.out())
                .contains("'spec' is required: the permission spec's path relative to the project")
                .contains("'dry_run' must be true or false, not 'perhaps'");
    }

    private void write(String file, String text) throws IOException {
        Path path = project.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, text);
    }

    private CliRun weir(String... args) {
        String[] withProject = new String[args.length + 2];
        withProject[0] = "--project";
        withProject[1] = project.toString();
        System.arraycopy(args, 0, withProject, 2, args.length);
        return CliRun.run(Map.of("HOME", project.toString()), withProject);
    }
}
