package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersAndAuditCommandTest {
    private static final String DAG =
            """
            dag_id: audited
            schedule: "@daily"
            start_date: 2024-01-01
            catchup: false
            tasks:
              only:
                type: empty
            """;

    @TempDir
    Path temp;

    private TestProject project;

    @BeforeEach
    void createProject() {
        project = new TestProject(temp.resolve("project")).dag("audited.yaml", DAG);
    }

    @Test
    void usersAreCreatedWithAirflowsFlagsListedResetAndDeleted() {
        assertThat(project.ok(
                        "users",
                        "create",
                        "--username",
                        "ana",
                        "--password",
                        "pw-one",
                        "--role",
                        "op",
                        "--email",
                        "ana@example.com",
                        "--firstname",
                        "Ana",
                        "--lastname",
                        "Silva"))
                .isEqualTo("User ana created with role Op.\n");
        CliRun fromStdin = project.weirWithInput(
                "pw-two\n", "users", "create", "-u", "bo", "-r", "Viewer", "-e", "bo@x", "-f", "Bo", "-l", "Li");
        assertThat(fromStdin.exitCode()).as(fromStdin.toString()).isZero();

        String list = project.ok("users", "list", "-o", "plain");
        assertThat(list).isEqualTo("ana\tana@example.com\tAna\tSilva\tOp\t\nbo\tbo@x\tBo\tLi\tViewer\t\n");
        assertThat(list).doesNotContain("pw-one").doesNotContain("$2a$");

        CliRun duplicate =
                project.weir("users", "create", "-u", "ana", "-p", "x", "-r", "Admin", "-e", "a", "-f", "A", "-l", "S");
        assertThat(duplicate.exitCode()).isEqualTo(1);
        assertThat(duplicate.err())
                .isEqualTo("error: User ana exists already; `weir users reset-password` changes its password\n");
        CliRun badRole =
                project.weir("users", "create", "-u", "cy", "-p", "x", "-r", "Owner", "-e", "a", "-f", "A", "-l", "S");
        assertThat(badRole.err()).isEqualTo("error: Unknown role 'Owner'; use one of Admin, Op, User, Viewer\n");
        CliRun noPassword =
                project.weirWithInput("", "users", "create", "-u", "cy", "-r", "User", "-e", "a", "-f", "A", "-l", "S");
        assertThat(noPassword.err()).startsWith("error: No password given");

        assertThat(project.ok("users", "reset-password", "-u", "ana", "-p", "pw-three"))
                .isEqualTo("Password of user ana changed.\n");
        assertThat(project.weir("users", "reset-password", "-u", "nobody", "-p", "x")
                        .err())
                .isEqualTo("error: No user nobody; `weir users list` shows the users there are\n");
        assertThat(project.ok("users", "delete", "-u", "bo")).isEqualTo("User bo deleted.\n");
        assertThat(project.ok("users", "list", "-o", "plain"))
                .startsWith("ana\t")
                .doesNotContain("bo\t");
    }

    @Test
    void cliChangesAreInTheAuditLog() {
        project.ok("dags", "pause", "audited");
        project.ok("dags", "unpause", "audited");
        project.ok("dags", "trigger", "audited", "-e", "2024-03-01");
        project.ok("variables", "set", "api_token", "very-secret-value");
        project.ok("users", "create", "-u", "ana", "-p", "pw", "-r", "Admin", "-e", "a", "-f", "A", "-l", "S");

        String all = project.ok("audit", "list", "-o", "plain");
        String[] lines = all.strip().split("\n");
        assertThat(lines).hasSize(5);
        assertThat(lines[0]).contains("\tuser.create\t").contains("\tcli\t");
        assertThat(lines[4]).contains("\tpause\taudited\t");
        assertThat(all).contains("\ttrigger\taudited\tmanual__2024-03-01T00:00:00+00:00\t");
        assertThat(all).doesNotContain("very-secret-value").doesNotContain("\tpw\t");
        assertThat(all).contains(System.getProperty("user.name"));

        assertThat(project.ok("audit", "list", "-o", "plain", "--event", "unpause")
                        .strip()
                        .split("\n"))
                .hasSize(1);
        assertThat(project.ok("audit", "list", "-o", "plain", "-d", "audited")
                        .strip()
                        .split("\n"))
                .hasSize(3);
        assertThat(project.ok("audit", "list", "-o", "plain", "--limit", "2")
                        .strip()
                        .split("\n"))
                .hasSize(2);
        assertThat(project.ok("audit", "list", "-s", "2999-01-01")).isEqualTo("No data found\n");
    }

    @Test
    void backfillClearMarkAndDeletionsFromTheCliAreInTheAuditLog() {
        project.ok("dags", "backfill", "audited", "-s", "2024-03-01", "-e", "2024-03-02");
        project.ok("tasks", "clear", "audited", "-t", "only", "-s", "2024-03-02", "-e", "2024-03-02", "-y");
        project.ok("tasks", "mark", "audited", "only", "2024-03-01", "--state", "failed");
        project.ok("variables", "set", "region", "eu");
        project.ok("variables", "delete", "region");
        project.ok("users", "create", "-u", "cy", "-p", "pw-1", "-r", "User", "-e", "c", "-f", "C", "-l", "Y");
        project.ok("users", "reset-password", "-u", "cy", "-p", "pw-2");
        project.ok("users", "delete", "-u", "cy");

        String all = project.ok("audit", "list", "-o", "plain");
        List<String> events =
                all.strip().lines().map(line -> line.split("\t")[2]).toList();
        assertThat(events)
                .containsExactly(
                        "user.delete",
                        "user.reset-password",
                        "user.create",
                        "variable.delete",
                        "variable.set",
                        "mark.failed",
                        "clear",
                        "backfill");
        assertThat(all).contains("\tmark.failed\taudited\t").contains("\tclear\taudited\t");
        assertThat(all).doesNotContain("pw-1").doesNotContain("pw-2");
    }
}
