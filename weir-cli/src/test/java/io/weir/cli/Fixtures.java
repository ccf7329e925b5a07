package io.weir.cli;

import io.weir.core.schedule.DataInterval;
import io.weir.core.state.DagRunState;
import io.weir.core.state.RunType;
import io.weir.core.state.TaskState;
import io.weir.engine.Weir;
import io.weir.engine.log.TaskLogPaths;
import io.weir.store.DagRunRecord;
import io.weir.store.TaskInstanceRecord;
import io.weir.store.XComRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** DAG files and recorded runs the CLI tests read back. */
final class Fixtures {
    static final String ETL =
            """
            description: Extract and report
            schedule: "@daily"
            start_date: 2024-01-01
            catchup: false
            tags: [extract, daily]
            tasks:
              extract:
                type: command
                command: echo extracting {{ ds }}
              report:
                type: command
                after: [extract]
                command: echo report
            """;

    static final String MANUAL =
            """
            schedule: null
            start_date: 2024-01-01
            tasks:
              only:
                type: empty
            """;

    /** A task that names an upstream task the DAG does not have (line 6). */
    static final String BROKEN =
            """
            schedule: "@daily"
            start_date: 2024-01-01
            tasks:
              load:
                type: command
                after: [missing_task]
                command: echo load
            """;

    static final Instant JAN_1 = Instant.parse("2024-01-01T00:00:00Z");
    static final Instant JAN_2 = Instant.parse("2024-01-02T00:00:00Z");
    static final Instant JAN_3 = Instant.parse("2024-01-03T00:00:00Z");

    private Fixtures() {}

    /**
     * Records two finished runs of {@code etl}: 2024-01-01 succeeded (extract returned an XCom and logged two tries),
     * 2024-01-02 failed in report.
     */
    static void recordEtlRuns(TestProject project) {
        try (Weir weir = Weir.open(project.dir(), project.environment(), true)) {
            weir.dagBag();
            DagRunRecord first = run("etl", JAN_1, DagRunState.SUCCESS);
            DagRunRecord second = run("etl", JAN_2, DagRunState.FAILED);
            weir.store().useTransaction(session -> {
                DagRunRecord one = session.runs().create(first);
                DagRunRecord two = session.runs().create(second);
                session.taskInstances()
                        .insertAll(List.of(
                                instance(one, "extract", TaskState.SUCCESS, 2),
                                instance(one, "report", TaskState.SUCCESS, 1),
                                instance(two, "extract", TaskState.SUCCESS, 1),
                                instance(two, "report", TaskState.FAILED, 1)));
                session.xcoms()
                        .put(new XComRecord(
                                "etl", one.runId(), "extract", "return_value", "{\"record_count\":5}", JAN_2));
            });
            TaskLogPaths logs = new TaskLogPaths(weir.logsDir());
            String runId = RunType.SCHEDULED.runId(JAN_1);
            write(logs.file("etl", runId, "extract", 1), "try one failed\n");
            write(logs.file("etl", runId, "extract", 2), "extracting 2024-01-01\ndone\n");
        }
    }

    static DagRunRecord run(String dagId, Instant logicalDate, DagRunState state) {
        Instant end = logicalDate.plus(Duration.ofDays(1));
        return new DagRunRecord(
                0,
                dagId,
                RunType.SCHEDULED.runId(logicalDate),
                logicalDate,
                new DataInterval(logicalDate, end),
                RunType.SCHEDULED,
                state,
                false,
                "{}",
                end,
                end.plusSeconds(1),
                end.plusSeconds(30),
                null);
    }

    static TaskInstanceRecord instance(DagRunRecord run, String taskId, TaskState state, int tries) {
        Instant start = run.startDate().plusSeconds(1);
        return new TaskInstanceRecord(
                run.dagId(),
                run.runId(),
                taskId,
                state,
                tries,
                2,
                start,
                start,
                start.plusSeconds(5),
                null,
                "default_pool",
                1,
                1,
                "command",
                "localhost",
                null,
                null,
                null);
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
