package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code weir transform} on small dbt projects written by each test. */
class TransformCommandTest {
    @TempDir
    Path dir;

    @Test
    void buildsAProjectInAWeirProjectOnItsEmbeddedWarehouse() throws Exception {
        Path weirProject = dir.resolve("weir");
        Path transform = weirProject.resolve("transform");
        Files.createDirectories(weirProject.resolve("dags"));
        Files.writeString(weirProject.resolve("weir.yaml"), "");
        shop(transform, "shop");
        write(transform, "models/customers.sql", "select id, upper(name) as name from {{ ref('people') }}");
        write(
                transform,
                "models/schema.yml",
                """
                version: 2
                models:
                  - name: customers
                    columns:
                      - name: id
                        tests: [unique, not_null]
                """);

        CliRun build = weir(weirProject, "transform", "build");
        CliRun sql = weir(weirProject, "sql", "select name from analytics.analytics.customers order by id");

        assertThat(build.exitCode()).as(build.toString()).isZero();
        assertThat(build.out())
                .contains("OK loaded seed file analytics.people")
                .contains("OK created sql view model analytics.customers")
                .contains("PASS unique_customers_id")
                .contains("Done. PASS=4 WARN=0 ERROR=0 SKIP=0 TOTAL=4");
        assertThat(sql.out().lines().map(String::strip)).containsExactly("name", "=====", "ADA", "GRACE");
        JsonNode results = new ObjectMapper()
                .readTree(transform.resolve("target/run_results.json").toFile());
        assertThat(results.at("/results/0/unique_id").asText()).isEqualTo("seed.shop.people");
        assertThat(results.at("/args/which").asText()).isEqualTo("build");
    }

    @Test
    void aFailingModelExitsNonZeroAndSkipsWhatFollows() throws Exception {
        Path project = dir.resolve("broken");
        shop(project, "shop");
        write(project, "models/bad.sql", "select no_such_column from {{ ref('people') }}");
        write(project, "models/after_bad.sql", "select * from {{ ref('bad') }}");
        profiles(project);

        CliRun run = weir(dir, "transform", "build", "--project-dir", project.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out())
                .contains("ERROR creating sql view model")
                .contains("SKIP relation main.after_bad")
                .contains("Database error in model bad (models/bad.sql)")
                .contains("ERROR=1 SKIP=1");
        assertThat(run.err()).doesNotContain("Exception");
    }

    @Test
    void aCompileErrorNamesTheFileAndLine() throws Exception {
        Path project = dir.resolve("typo");
        shop(project, "shop");
        profiles(project);
        write(project, "models/typo.sql", "select 1 as id\n{% if true %}\nfrom {{ ref('people') }}\n");

        CliRun run = weir(dir, "transform", "compile", "--project-dir", project.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out())
                .contains("ERROR Compilation error in model typo (models/typo.sql)")
                .contains("line")
                .contains("ERROR=1 SKIP=0");
        assertThat(run.err()).doesNotContain("Exception");
    }

    @Test
    void aCycleBetweenModelsNamesBoth() throws Exception {
        Path project = dir.resolve("cycle");
        shop(project, "shop");
        profiles(project);
        write(project, "models/left_model.sql", "select * from {{ ref('right_model') }}");
        write(project, "models/right_model.sql", "select * from {{ ref('left_model') }}");

        CliRun run = weir(dir, "transform", "run", "--project-dir", project.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .contains("model.shop.left_model")
                .contains("model.shop.right_model")
                .contains("cycle");
    }

    @Test
    void varsAndSelectionReachTheRun() throws Exception {
        Path project = dir.resolve("vars");
        shop(project, "shop");
        profiles(project);
        write(
                project,
                "models/greeting.sql",
                "{% do log('greeting is ' ~ var('greeting', 'hello'), info=True) -%}\n"
                        + "select '{{ var(\"greeting\", \"hello\") }}' as greeting");
        write(project, "models/other.sql", "select 1 as id");

        CliRun run = weir(
                dir,
                "transform",
                "run",
                "--project-dir",
                project.toString(),
                "-s",
                "greeting",
                "--vars",
                "{greeting: bonjour}");
        CliRun ls = weir(dir, "transform", "ls", "--project-dir", project.toString(), "--output", "name");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out())
                .contains("1 of 1 OK created sql view model main.greeting")
                .contains("  greeting is bonjour");
        assertThat(Files.readString(project.resolve("target/compiled/shop/models/greeting.sql")))
                .isEqualTo("select 'bonjour' as greeting");
        assertThat(ls.out().lines()).containsExactly("greeting", "other", "people");
    }

    @Test
    void hooksRunAroundTheirModelAndFullRefreshConfigWinsOverTheFlag() throws Exception {
        Path project = dir.resolve("hooks");
        shop(project, "shop");
        profiles(project);
        write(
                project,
                "models/hooked.sql",
                """
                {{ config(materialized='table',
                          pre_hook="create table if not exists main.audit (event varchar)",
                          post_hook=["insert into main.audit values ('built {{ this.identifier }}')"]) }}
                select 1 as id
                """);
        write(
                project,
                "models/kept.sql",
                """
                {{ config(materialized='incremental', full_refresh=false) }}
                select {{ var('n') }} as n
                """);

        CliRun first = weir(dir, "transform", "run", "--project-dir", project.toString(), "--vars", "{n: 1}");
        CliRun second = weir(
                dir, "transform", "run", "--project-dir", project.toString(), "--vars", "{n: 2}", "--full-refresh");

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(second.exitCode()).as(second.toString()).isZero();
        try (var connection =
                        java.sql.DriverManager.getConnection("jdbc:duckdb:" + project.resolve("target/dev.duckdb"));
                var statement = connection.createStatement()) {
            var audit = statement.executeQuery("select count(*), min(event) from main.audit");
            audit.next();
            assertThat(audit.getLong(1)).isEqualTo(2);
            assertThat(audit.getString(2)).isEqualTo("built hooked");
            var kept = statement.executeQuery("select string_agg(n::varchar, ',' order by n) from main.kept");
            kept.next();
            assertThat(kept.getString(1)).isEqualTo("1,2");
        }
    }

    @Test
    void depsInstallsTheListedPackagesAndTheirMacrosCompile() throws Exception {
        Path project = dir.resolve("with_packages");
        shop(project, "shop");
        profiles(project);
        write(dir, "helpers/dbt_project.yml", "name: helpers\nprofile: helpers\n");
        write(dir, "helpers/macros/loud.sql", "{% macro loud(column) %}upper({{ column }}){% endmacro %}\n");
        write(project, "packages.yml", "packages:\n  - local: ../helpers\n");
        write(project, "models/loud_people.sql", "select {{ helpers.loud('name') }} as name from {{ ref('people') }}");

        CliRun before = weir(dir, "transform", "compile", "--project-dir", project.toString());
        CliRun deps = weir(dir, "transform", "deps", "--project-dir", project.toString());
        CliRun compile = weir(dir, "transform", "compile", "--project-dir", project.toString());

        assertThat(before.exitCode()).isNotZero();
        assertThat(before.out())
                .contains("models/loud_people.sql")
                .contains("'helpers' is the package local: ../helpers, which is not installed; run `weir transform"
                        + " deps`")
                .doesNotContain("Exception");
        assertThat(deps.exitCode()).as(deps.toString()).isZero();
        assertThat(deps.out())
                .contains("Installed helpers (local: ../helpers)")
                .contains("Installed 1 package into dbt_packages; wrote package-lock.yml.");
        assertThat(project.resolve("package-lock.yml")).exists();
        assertThat(compile.exitCode()).as(compile.toString()).isZero();
        assertThat(Files.readString(project.resolve("target/compiled/shop/models/loud_people.sql")))
                .startsWith("select upper(name) as name from ");
    }

    private static void shop(Path project, String name) throws IOException {
        write(project, "dbt_project.yml", "name: " + name + "\nversion: '1.0'\nprofile: " + name + "\n");
        write(project, "seeds/people.csv", "id,name\n1,ada\n2,grace\n");
    }

    private static void profiles(Path project) throws IOException {
        write(
                project,
                "profiles.yml",
                """
                shop:
                  target: dev
                  outputs:
                    dev:
                      type: duckdb
                      path: target/dev.duckdb
                      schema: main
                      threads: 2
                """);
    }

    private static void write(Path project, String file, String text) throws IOException {
        Path path = project.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, text);
    }

    private static CliRun weir(Path project, String... args) {
        String[] withProject = new String[args.length + 2];
        withProject[0] = "--project";
        withProject[1] = project.toString();
        System.arraycopy(args, 0, withProject, 2, args.length);
        return CliRun.run(Map.of("HOME", project.toString()), withProject);
    }
}
