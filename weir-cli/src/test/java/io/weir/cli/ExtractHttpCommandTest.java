package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code weir extract http} on a folder of JSON pages standing in for an API (file: URLs). */
class ExtractHttpCommandTest {
    @TempDir
    Path project;

    @BeforeEach
    void createPages() throws Exception {
        Files.writeString(project.resolve("weir.yaml"), "");
        Files.createDirectories(project.resolve("extract/hr_api"));
        Files.writeString(
                project.resolve("extract/hr.yaml"),
                """
                source: hr
                base_url: file:extract/hr_api/
                objects:
                  employees:
                    path: employees.json
                    records: .employees[]
                    pagination: {type: cursor, next_url_path: .next}
                    fields: {id: bigint, name: text}
                    checks: {unique_key: id}
                """);
        Files.writeString(
                project.resolve("extract/hr_api/employees.json"),
                "{\"employees\": [{\"id\": 1, \"name\": \"Ana\"}, {\"id\": 2, \"name\": \"Ben\"}],"
                        + " \"next\": \"employees-2.json\"}");
        Files.writeString(
                project.resolve("extract/hr_api/employees-2.json"),
                "{\"employees\": [{\"id\": 3, \"name\": \"Chloé\"}, {\"id\": 4, \"name\": \"Dev\"}], \"next\": null}");
    }

    private CliRun weir(String... args) {
        String[] withProject = new String[args.length + 2];
        withProject[0] = "--project";
        withProject[1] = project.toString();
        System.arraycopy(args, 0, withProject, 2, args.length);
        return CliRun.run(Map.of(), withProject);
    }

    @Test
    void extractsEveryPageIntoRawAndSqlSeesIt() {
        CliRun run = weir("extract", "http", "extract/hr.yaml");
        CliRun names = weir("sql", "select string_agg(name, ',' order by id) as names from raw.hr.employees");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).startsWith("Object employees: 4 rows into raw.hr.employees (replace) in ");
        assertThat(names.out()).endsWith("\nAna,Ben,Chloé,Dev\n");
    }

    @Test
    void aFailedCheckIsOneMessageAndSkipChecksLoadsAnyway() throws Exception {
        weir("extract", "http", "extract/hr.yaml");
        Files.writeString(project.resolve("extract/hr_api/employees-2.json"), "{\"employees\": []}");

        CliRun failed = weir("extract", "http", "extract/hr.yaml");
        CliRun skipped = weir("extract", "http", "extract/hr.yaml", "--skip-checks", "employees");

        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.err())
                .isEqualTo("error: Object employees failed its checks: 2 records against 4 in the previous load, a"
                        + " change of 50.0 %, more than max_row_change_percent 25 %. raw.hr.employees is unchanged."
                        + " If the change is expected, set --skip-checks to employees (a comma-separated list of"
                        + " objects) to load it without the checks, and clear it afterwards\n");
        assertThat(skipped.exitCode()).as(skipped.toString()).isZero();
        assertThat(skipped.err())
                .contains("Object employees: checks skipped because --skip-checks lists it; they found: 2 records"
                        + " against 4 in the previous load");
        assertThat(weir("sql", "select count(*) as n from raw.hr.employees").out())
                .isEqualTo("n\n=\n2\n");
    }

    @Test
    void aDagsTaskReadsTheSkipVariableFromWeirsVariables() throws Exception {
        Files.createDirectories(project.resolve("dags"));
        Files.writeString(
                project.resolve("dags/hr.yaml"),
                """
                dag_id: hr
                schedule: "@daily"
                start_date: 2024-05-01
                tasks:
                  hr_api:
                    type: extract.http
                    source: extract/hr.yaml
                """);
        CliRun first = weir("dags", "test", "hr", "2024-05-01");
        Files.writeString(project.resolve("extract/hr_api/employees-2.json"), "{\"employees\": []}");

        CliRun refused = weir("dags", "test", "hr", "2024-05-02");
        CliRun set = weir("variables", "set", "HR_API_SKIP_TEST", "employees");
        CliRun skipped = weir("dags", "test", "hr", "2024-05-03");
        CliRun log = weir("tasks", "logs", "hr", "hr_api", "2024-05-03");

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(weir("tasks", "logs", "hr", "hr_api", "2024-05-02").out())
                .contains("Object employees failed its checks: 2 records against 4 in the previous load");
        assertThat(set.exitCode()).as(set.toString()).isZero();
        assertThat(skipped.exitCode()).as(skipped.toString()).isZero();
        assertThat(log.out())
                .contains("Object employees: checks skipped because the variable HR_API_SKIP_TEST lists it; they"
                        + " found: 2 records against 4 in the previous load");
        assertThat(weir("sql", "select count(*) as n from raw.hr.employees").out())
                .isEqualTo("n\n=\n2\n");
    }
}
