package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI beside a running {@code weir scheduler} that owns the project's embedded DuckDB warehouse: {@code weir sql}
 * and {@code weir transform} from other processes run in the scheduler, while one of its tasks writes, and print
 * what they print locally; a killed scheduler's file is ignored; no one sees a lock error or waits for the file.
 */
class WarehouseBesideServerIT {
    private static final long WAIT_SECONDS = 120;

    @TempDir
    Path dir;

    @Test
    void sqlAndTransformRunInTheSchedulerWhileItsTaskWrites() throws Exception {
        TestProject project = shopProject();
        Path log = dir.resolve("scheduler.log");
        Process scheduler = startScheduler(project, log);
        try {
            assertThat(project.dir().resolve(".weir/warehouse.server")).exists();
            project.ok("dags", "trigger", "shop", "-e", "2024-01-01");
            awaitState(project, scheduler, log, "slow", "running");

            String query = "select count(*) as people from raw.landing.people";
            Child remote = weirInChild(project, "sql", query, "-o", "json");
            assertThat(remote.exitCode()).as(remote.toString()).isZero();
            assertThat(remote.out()).contains("\"people\" : 2");
            assertNoWaitNorLock(remote.err());

            CliRun transform = project.weir("transform", "run", "--select", "people_summary");
            assertThat(transform.exitCode()).as(transform.toString()).isZero();
            assertThat(transform.out()).contains("OK created sql table model analytics.people_summary");
            assertNoWaitNorLock(transform.err());

            CliRun failing = project.weir("sql", "select * from raw.landing.nowhere");
            assertThat(failing.exitCode()).isEqualTo(1);
            assertThat(failing.err()).startsWith("error: ").contains("nowhere");
            assertNoWaitNorLock(failing.err());
            assertThat(project.weir("tasks", "state", "shop", "slow", "2024-01-01")
                            .out())
                    .as("the task was writing all along")
                    .contains("running");

            scheduler.destroy();
            assertThat(scheduler.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(log)).contains("Stopped.");
            assertThat(project.dir().resolve(".weir/warehouse.server")).doesNotExist();

            Child local = weirInChild(project, "sql", query, "-o", "json");
            assertThat(local).as("the same output from the files opened here").isEqualTo(remote);
            CliRun failingHere = project.weir("sql", "select * from raw.landing.nowhere");
            assertThat(failingHere.exitCode()).isEqualTo(1);
            assertThat(failingHere.err()).isEqualTo(failing.err());
        } finally {
            scheduler.destroyForcibly().waitFor(WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    @Test
    void theFileOfAKilledSchedulerIsIgnored() throws Exception {
        TestProject project = shopProject();
        Process scheduler = startScheduler(project, dir.resolve("scheduler.log"));
        scheduler.destroyForcibly();
        assertThat(scheduler.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(project.dir().resolve(".weir/warehouse.server")).exists();

        CliRun run = project.weir("sql", "select 42 as answer");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("42");
        assertThat(run.err()).isEmpty();
    }

    private static void assertNoWaitNorLock(String err) {
        assertThat(err.toLowerCase(java.util.Locale.ROOT))
                .doesNotContain("lock")
                .doesNotContain("in use")
                .doesNotContain("waiting");
    }

    private TestProject shopProject() {
        TestProject project = new TestProject(dir.resolve("project"));
        project.file(
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
                            +materialized: table
                        """)
                .file(
                        "transform/macros/generate_schema_name.sql",
                        """
                        {% macro generate_schema_name(custom_schema_name, node) -%}
                            {%- if custom_schema_name is none -%}{{ target.schema }}
                            {%- else -%}{{ custom_schema_name | trim }}{%- endif -%}
                        {%- endmacro %}
                        """)
                .file("transform/seeds/people.csv", "id,name\n1,ada\n2,grace\n")
                .file("transform/models/people_summary.sql", "select count(*) as people from raw.landing.people")
                // Hours of work for DuckDB: the task writes for as long as the test needs.
                .file(
                        "transform/models/slow.sql",
                        "{{ config(pre_hook=\"set threads to 1\") }} select sum(i % 7) as s from range(1000000000000) t(i)")
                .dag(
                        "shop.yaml",
                        """
                        dag_id: shop
                        schedule: null
                        tasks:
                          seed:
                            type: transform.seed
                            project: transform
                          slow:
                            type: transform.run
                            project: transform
                            select: slow
                            after: [seed]
                        """);
        return project;
    }

    private void awaitState(TestProject project, Process scheduler, Path log, String task, String state)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (true) {
            CliRun run = project.weir("tasks", "state", "shop", task, "2024-01-01");
            if (run.out().strip().equals(state)) {
                return;
            }
            assertThat(run.out().strip())
                    .as("the task %s; the scheduler's output:\n%s", task, Files.readString(log))
                    .isNotIn("failed", "success", "upstream_failed");
            assertThat(scheduler.isAlive()).isTrue();
            assertThat(System.nanoTime()).as("%s is %s in time", task, state).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private Process startScheduler(TestProject project, Path log) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(List.of(
                        java,
                        "-XX:TieredStopAtLevel=1",
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName(),
                        "--project",
                        project.dir().toString(),
                        "scheduler"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(project.environment());
        Process scheduler = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!(Files.exists(log) && Files.readString(log).contains("Press Ctrl-C to stop."))) {
            assertThat(scheduler.isAlive())
                    .as("the scheduler is starting; its output:\n%s", Files.readString(log))
                    .isTrue();
            assertThat(System.nanoTime()).as("the scheduler started in time").isLessThan(deadline);
            Thread.sleep(100);
        }
        return scheduler;
    }

    /** {@code weir} in a JVM of its own, as an operator types it in a second terminal. */
    private Child weirInChild(TestProject project, String... args) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(
                java,
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "--project",
                project.dir().toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().clear();
        builder.environment().putAll(project.environment());
        Process process = builder.start();
        assertThat(process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        return new Child(
                process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private record Child(int exitCode, String out, String err) {}
}
