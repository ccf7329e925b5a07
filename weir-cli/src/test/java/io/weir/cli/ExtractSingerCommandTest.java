package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Singer tap run by hand and by a DAG, whose state the metadata DB keeps from one run to the next. */
class ExtractSingerCommandTest {
    /** Counts on from the bookmark of its state, three records a run. */
    private static final String TAP =
            """
            import json, sys
            args = sys.argv[1:]
            state = json.load(open(args[args.index('--state') + 1])) if '--state' in args else {'n': 0}
            print('resuming at %d' % state['n'], file=sys.stderr)
            print(json.dumps({'type': 'SCHEMA', 'stream': 'numbers', 'key_properties': ['n'],
                              'schema': {'properties': {'n': {'type': 'integer'}}}}))
            for n in range(state['n'] + 1, state['n'] + 4):
                print(json.dumps({'type': 'RECORD', 'stream': 'numbers', 'record': {'n': n}}))
                print(json.dumps({'type': 'STATE', 'value': {'n': n}}))
            """;

    @TempDir
    Path project;

    private CliRun weir(String... args) {
        String[] withProject = new String[args.length + 2];
        withProject[0] = "--project";
        withProject[1] = project.toString();
        System.arraycopy(args, 0, withProject, 2, args.length);
        return CliRun.run(Map.of(), withProject);
    }

    @BeforeEach
    void writeTap() throws Exception {
        Files.writeString(project.resolve("weir.yaml"), "");
        Files.createDirectories(project.resolve("taps"));
        Files.writeString(project.resolve("taps/tap_numbers.py"), TAP);
    }

    @Test
    void byHandTheStateFileCarriesTheBookmark() {
        CliRun first = weir(
                "extract",
                "singer",
                "--state-file",
                project.resolve("state.json").toString(),
                "--",
                "python3",
                "taps/tap_numbers.py");
        CliRun second = weir(
                "extract",
                "singer",
                "--state-file",
                project.resolve("state.json").toString(),
                "--",
                "python3",
                "taps/tap_numbers.py");

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).startsWith("Stream numbers: 3 rows into raw.singer.numbers (merge) in ");
        assertThat(second.err()).contains("tap: resuming at 3");
        assertThat(weir("sql", "select max(n) as n from raw.singer.numbers").out())
                .isEqualTo("n\n=\n6\n");
    }

    @Test
    void aDagsTaskGetsTheStateItsLastRunCommitted() throws Exception {
        Files.createDirectories(project.resolve("dags"));
        Files.writeString(
                project.resolve("dags/numbers.yaml"),
                """
                dag_id: numbers
                schedule: "@daily"
                start_date: 2024-05-01
                tasks:
                  tap:
                    type: extract.singer
                    command: [python3, taps/tap_numbers.py]
                    target_schema: tap_numbers
                """);

        CliRun first = weir("dags", "test", "numbers", "2024-05-01");
        CliRun second = weir("dags", "test", "numbers", "2024-05-02");
        CliRun log = weir("tasks", "logs", "numbers", "tap", "2024-05-02");

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(log.out())
                .contains("Passing the state of the last commit to the tap: {\"n\":3}")
                .contains("tap: resuming at 3");
        assertThat(weir("sql", "select count(*) as c, max(n) as n from raw.tap_numbers.numbers")
                        .out())
                .endsWith("6 | 6\n");
    }

    @Test
    void resetStateForgetsTheTasksBookmarkSoItsNextRunStartsTheTapAfresh() throws Exception {
        Files.createDirectories(project.resolve("dags"));
        Files.writeString(
                project.resolve("dags/numbers.yaml"),
                """
                dag_id: numbers
                schedule: "@daily"
                start_date: 2024-05-01
                tasks:
                  tap:
                    type: extract.singer
                    command: [python3, taps/tap_numbers.py]
                    target_schema: tap_numbers
                """);
        assertThat(weir("dags", "test", "numbers", "2024-05-01").exitCode()).isZero();

        CliRun reset = weir("extract", "singer", "--reset-state", "--dag", "numbers", "--task", "tap");
        CliRun again = weir("extract", "singer", "--reset-state", "--dag", "numbers", "--task", "tap");
        CliRun rerun = weir("dags", "test", "numbers", "2024-05-02");

        assertThat(reset.exitCode()).as(reset.toString()).isZero();
        assertThat(reset.out()).startsWith("Forgot the state of task tap of DAG numbers: {\"n\":3}\n");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("Task tap of DAG numbers keeps no state");
        assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
        assertThat(weir("tasks", "logs", "numbers", "tap", "2024-05-02").out())
                .contains("tap: resuming at 0")
                .doesNotContain("Passing the state");
        assertThat(weir("sql", "select count(*) as c, max(n) as n from raw.tap_numbers.numbers")
                        .out())
                .endsWith("3 | 3\n");
        assertThat(weir("extract", "singer", "--reset-state", "--dag", "numbers")
                        .err())
                .contains("--reset-state needs --dag and --task");
    }
}
