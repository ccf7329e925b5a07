package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DbCommandTest {
    @TempDir
    Path temp;

    private TestProject project;

    @BeforeEach
    void createProject() {
        project = new TestProject(temp).dag("etl.yaml", Fixtures.ETL);
    }

    @Test
    void initThenUpgradeThenCheck() {
        assertThat(project.ok("db", "init"))
                .matches("Initialized the metadata database H2 file .*metadata to schema version \\S+ \\(\\d+ "
                        + "migrations? applied\\)\\.\n");
        assertThat(project.ok("db", "upgrade"))
                .matches("The metadata database H2 file .*metadata is already current \\(schema version \\S+\\)\\.\n");
        assertThat(project.ok("db", "check"))
                .matches(
                        "The metadata database H2 file .*metadata is reachable and current \\(schema version \\S+\\)\\.\n");
    }

    @Test
    void checkOfAnEmptyDatabaseSaysToInitialize() {
        CliRun run = project.weir("db", "check");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).matches("error: The metadata database H2 file .* is empty; run `weir db init`\\.\n");
    }

    @Test
    void cleanDryRunCountsAndDeletesNothing() {
        Fixtures.recordEtlRuns(project);
        assertThat(project.ok("db", "clean", "--older-than", "2024-01-02", "--dry-run"))
                .isEqualTo("Would delete 1 DAG run, 2 task instances and 1 XCom with a logical date before "
                        + "2024-01-02T00:00:00+00:00.\n");
        assertThat(project.ok("dags", "list-runs", "etl", "-o", "plain")).hasLineCount(2);
    }

    @Test
    void cleanAsksBeforeDeleting() {
        Fixtures.recordEtlRuns(project);
        CliRun declined = project.weirWithInput("n\n", "db", "clean", "--older-than", "2024-01-02");
        assertThat(declined.exitCode()).isEqualTo(1);
        assertThat(declined.err())
                .contains("Delete 1 DAG run, 2 task instances and 1 XCom with a logical date before "
                        + "2024-01-02T00:00:00+00:00 from H2 file ")
                .endsWith("? [y/N] error: Cancelled; nothing was deleted.\n");
        assertThat(project.ok("dags", "list-runs", "etl", "-o", "plain")).hasLineCount(2);

        CliRun confirmed = project.weirWithInput("y\n", "db", "clean", "--older-than", "2024-01-02");
        assertThat(confirmed.exitCode()).as(confirmed.toString()).isZero();
        assertThat(confirmed.out())
                .isEqualTo("Deleted 1 DAG run, 2 task instances and 1 XCom with a logical date before "
                        + "2024-01-02T00:00:00+00:00.\n");
        assertThat(project.ok("dags", "list-runs", "etl", "-o", "plain"))
                .startsWith("etl\tscheduled__2024-01-02T00:00:00+00:00\t")
                .hasLineCount(1);
    }

    @Test
    void cleanWithYesDoesNotAsk() {
        Fixtures.recordEtlRuns(project);
        CliRun run = project.weir("db", "clean", "--older-than", "2030-01-01", "-y");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(project.ok("dags", "list-runs", "etl")).isEqualTo("No data found\n");
    }

    @Test
    void cleanNeedsAValidDate() {
        CliRun run = project.weir("db", "clean", "--older-than", "last week", "-y");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: 'last week' is not a date;");
        assertThat(project.weir("db", "clean").err())
                .isEqualTo("error: Missing required option: '--older-than=DATE'; see `weir db clean --help`.\n");
    }
}
