package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExtractFilesCommandTest {
    @TempDir
    Path project;

    @BeforeEach
    void createSheets() throws Exception {
        Files.writeString(project.resolve("weir.yaml"), "");
        Files.createDirectories(project.resolve("extract/sheets"));
        Files.writeString(project.resolve("extract/sheets/quotas.csv"), "Sales Rep,Quota\nAna,100\nBo,250\n");
        Files.writeString(project.resolve("extract/sheets.yml"), "files:\n  - path: extract/sheets/quotas.csv\n");
    }

    private CliRun weir(String... args) {
        String[] withProject = new String[args.length + 2];
        withProject[0] = "--project";
        withProject[1] = project.toString();
        System.arraycopy(args, 0, withProject, 2, args.length);
        return CliRun.run(Map.of(), withProject);
    }

    @Test
    void landsTheListingThenLeavesAnUnchangedFileAlone() {
        CliRun first = weir("extract", "files", "extract/sheets.yml");
        CliRun second = weir("extract", "files", "extract/sheets.yml");
        CliRun rows = weir("sql", "select sales_rep, quota from raw.sheetload.quotas order by sales_rep");

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).startsWith("Table raw.sheetload.quotas: 2 rows from extract/sheets/quotas.csv in ");
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.out()).isEmpty();
        assertThat(second.err()).contains("extract/sheets/quotas.csv is unchanged since run manual__");
        assertThat(rows.out()).contains("Ana       | 100").contains("Bo        | 250");
    }

    @Test
    void aDagTaskRecordsItsFilesInTheMetadataDatabaseSoTheCommandSkipsThem() throws Exception {
        Files.createDirectories(project.resolve("dags"));
        Files.writeString(
                project.resolve("dags/sheetload.yaml"),
                """
                dag_id: sheetload
                schedule: "@daily"
                start_date: 2024-05-01
                tasks:
                  sheets:
                    type: extract.files
                    listing: extract/sheets.yml
                """);

        CliRun test = weir("dags", "test", "sheetload", "2024-05-01");
        CliRun xcom = weir("tasks", "xcom", "sheetload", "sheets", "2024-05-01", "-o", "json");
        CliRun byHand = weir("extract", "files", "extract/sheets.yml");

        assertThat(test.exitCode()).as(test.toString()).isZero();
        assertThat(xcom.out()).contains("\"record_count\" : 2").contains("raw.sheetload.quotas");
        assertThat(byHand.err()).contains("quotas.csv is unchanged since run manual__2024-05-01");
    }

    @Test
    void aRaggedFileFailsWithOneMessageNamingFileAndRow() throws Exception {
        Files.writeString(project.resolve("extract/sheets/quotas.csv"), "Sales Rep,Quota\nAna,100,7\n");

        CliRun run = weir("extract", "files", "extract/sheets.yml");

        assertThat(run.exitCode()).as(run.toString()).isNotZero();
        assertThat(run.err())
                .contains("error: File extract/sheets/quotas.csv, row 2: it has 3 fields but the header has 2")
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
    }

    @Test
    void withStderrNoTerminalProgressComesAsPlainLinesAndEachTableEndsWithItsSummary() throws Exception {
        StringBuilder csv = new StringBuilder("id\n");
        for (int i = 1; i <= 250_000; i++) {
            csv.append(i).append('\n');
        }
        Files.writeString(project.resolve("extract/sheets/big.csv"), csv);
        Files.writeString(
                project.resolve("extract/sheets.yml"),
                "files:\n  - path: extract/sheets/quotas.csv\n  - path: extract/sheets/big.csv\n");

        CliRun run = weir("extract", "files", "extract/sheets.yml");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).contains("  raw.sheetload.big: 100,000 rows\n").doesNotContain("\r");
        assertThat(run.out())
                .contains("Table raw.sheetload.quotas: 2 rows from extract/sheets/quotas.csv in ")
                .contains("Table raw.sheetload.big: 250,000 rows from extract/sheets/big.csv in ");
    }
}
