package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code transform.*} task types in a DAG, run through the engine on the project's embedded warehouse. */
class TransformTasksTest {
    private static final String JAN_1 = "2024-01-01";

    @TempDir
    Path project;

    @Test
    void aDagSeedsRunsTestsAndSnapshotsAProject() throws Exception {
        writeProject();
        write(
                "dags/shop.yaml",
                """
                dag_id: shop
                schedule: "@daily"
                start_date: 2024-01-01
                tasks:
                  load_raw:
                    type: transform.seed
                    project: transform
                  transform:
                    type: transform.run
                    project: transform
                    after: [load_raw]
                  test:
                    type: transform.test
                    project: transform
                    select: tag:checked
                    after: [transform]
                  snapshot:
                    type: transform.snapshot
                    project: transform
                    after: [load_raw]
                """);

        CliRun run = weir("dags", "test", "shop", JAN_1);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("shop › transform ✔", "shop › test ✔", "shop › snapshot ✔");
        assertThat(weir("tasks", "xcom", "shop", "transform", JAN_1, "-o", "json")
                        .out())
                .contains("\"success\" : 2");
        assertThat(weir("tasks", "xcom", "shop", "test", JAN_1, "-o", "json").out())
                .contains("\"pass\" : 2");
        assertThat(weir("sql", "select count(*) as n from raw.snapshots.people_snapshot")
                        .out())
                .contains("2");
        assertThat(weir("sql", "select name from analytics.analytics_staging.stg_people order by id")
                        .out())
                .contains("ADA");
        assertThat(weir("tasks", "logs", "shop", "transform", JAN_1).out())
                .contains("OK created sql table model analytics.people_summary")
                .contains("Done. PASS=2");
    }

    @Test
    void aFailingModelFailsTheTaskWithTheCountsAndTheLogSaysWhy() throws Exception {
        writeProject();
        write("transform/models/broken.sql", "select missing_column from {{ ref('stg_people') }}");
        write(
                "dags/shop.yaml",
                """
                dag_id: shop
                schedule: "@daily"
                start_date: 2024-01-01
                tasks:
                  load_raw:
                    type: transform.seed
                    project: transform
                  transform:
                    type: transform.run
                    project: transform
                    after: [load_raw]
                """);

        CliRun run = weir("dags", "test", "shop", JAN_1);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("shop › transform ✘ failed");
        assertThat(weir("tasks", "logs", "shop", "transform", JAN_1).out())
                .contains("Database error in model broken (models/broken.sql)")
                .contains("1 of 3 nodes failed");
    }

    @Test
    void aProjectsEnvVarSeesTheDeclaredSecretsAndNothingElseOfWeirsEnvironment() throws Exception {
        writeProject();
        // WEIR_TEST is in the environment of the process running Weir (the build sets it), never declared here.
        write(
                "transform/models/seen.sql",
                """
                select '{{ env_var("SHOP_TOKEN", "absent") }}' as declared,
                       '{{ env_var("WEIR_TEST", "absent") }}' as undeclared,
                       '{{ env_var("WEIR_DAG_ID", "absent") }}' as dag
                """);
        write(
                "dags/shop.yaml",
                """
                dag_id: shop
                schedule: "@daily"
                start_date: 2024-01-01
                secrets: [SHOP_TOKEN]
                tasks:
                  load_raw:
                    type: transform.seed
                    project: transform
                  transform:
                    type: transform.run
                    project: transform
                    select: seen
                    secrets: [SHOP_TOKEN]
                    after: [load_raw]
                """);
        assertThat(System.getenv("WEIR_TEST"))
                .as("the build's environment for tests")
                .isNotNull();

        CliRun run = CliRun.run(
                Map.of("HOME", project.toString(), "SHOP_TOKEN", "s3cret"),
                "--project",
                project.toString(),
                "dags",
                "test",
                "shop",
                JAN_1);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(weir(
                                "sql",
                                "select declared || ',' || undeclared || ',' || dag as seen from analytics.analytics.seen")
                        .out())
                .contains("s3cret,absent,shop");
    }

    @Test
    void aTaskWithoutProjectIsAnImportErrorNamingTheKey() throws Exception {
        write("weir.yaml", "");
        write(
                "dags/bad.yaml",
                """
                dag_id: bad
                schedule: "@daily"
                start_date: 2024-01-01
                tasks:
                  transform:
                    type: transform.run
                    select: [1, 2]
                """);

        CliRun validate = weir("dags", "validate");

        assertThat(validate.exitCode()).isEqualTo(1);
        assertThat(validate.out() + validate.err()).contains("'project' is required");
    }

    private void writeProject() throws IOException {
        write("weir.yaml", "dags_are_paused_at_creation: false\n");
        write(
                "transform/dbt_project.yml",
                """
                name: shop
                version: "1.0"
                profile: shop
                seeds:
                  shop:
                    +database: raw
                    +schema: landing
                models:
                  shop:
                    staging:
                      +schema: staging
                    +materialized: table
                """);
        write(
                "transform/macros/generate_schema_name.sql",
                """
                {% macro generate_schema_name(custom_schema_name, node) -%}
                    {%- if node.resource_type == 'seed' -%}{{ custom_schema_name | trim }}
                    {%- elif custom_schema_name is none -%}{{ target.schema }}
                    {%- else -%}{{ target.schema }}_{{ custom_schema_name | trim }}{%- endif -%}
                {%- endmacro %}
                """);
        write(
                "transform/seeds/people.csv",
                "id,name,updated_at\n1,ada,2024-01-01 00:00:00\n2,grace,2024-01-01 00:00:00\n");
        write("transform/models/staging/stg_people.sql", "select id, upper(name) as name from raw.landing.people");
        write("transform/models/people_summary.sql", "select count(*) as people from {{ ref('stg_people') }}");
        write(
                "transform/models/schema.yml",
                """
                version: 2
                models:
                  - name: stg_people
                    config:
                      tags: [checked]
                    columns:
                      - name: id
                        tests: [unique, not_null]
                """);
        write(
                "transform/snapshots/people_snapshot.sql",
                """
                {% snapshot people_snapshot %}
                {{ config(unique_key='id', strategy='timestamp', updated_at='updated_at') }}
                select * from raw.landing.people
                {% endsnapshot %}
                """);
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
