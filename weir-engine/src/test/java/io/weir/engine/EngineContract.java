package io.weir.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.core.WeirException;
import io.weir.core.dag.TaskSpec;
import io.weir.core.state.DagRunState;
import io.weir.core.state.RetryDelays;
import io.weir.core.state.RunEvent;
import io.weir.core.state.TaskState;
import io.weir.engine.ops.BackfillProgress;
import io.weir.engine.ops.BackfillRequest;
import io.weir.engine.ops.ClearRequest;
import io.weir.engine.ops.DagTest;
import io.weir.engine.ops.TaskRun;
import io.weir.engine.process.ProcessLedger;
import io.weir.engine.scheduler.Scheduler;
import io.weir.engine.scheduler.SchedulerListener;
import io.weir.engine.testing.TestProject;
import io.weir.store.DagRecord;
import io.weir.store.DagRunRecord;
import io.weir.store.ImportErrorRecord;
import io.weir.store.JobRecord;
import io.weir.store.PoolRecord;
import io.weir.store.TaskInstanceRecord;
import io.weir.store.XComRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's behaviour end to end (DAG files, scheduler, executor, metadata DB), once per metadata backend. */
abstract class EngineContract {
    private static final Instant JAN_1 = Instant.parse("2024-01-01T00:00:00Z");

    @TempDir
    Path tempDir;

    TestProject project;

    abstract TestProject.Backend backend();

    @BeforeEach
    void createProject() {
        project = TestProject.create(tempDir, backend());
    }

    @AfterEach
    void dropProject() {
        project.close();
    }

    private Weir open() {
        return Weir.open(project.dir(), project.environment());
    }

    private static Map<String, TaskState> states(List<TaskInstanceRecord> instances) {
        Map<String, TaskState> states = new HashMap<>();
        instances.forEach(instance -> states.put(instance.taskId(), instance.state()));
        return states;
    }

    @Test
    void runsATaskChainWithTemplatesXComAndLogs() throws Exception {
        project.dag(
                "chain",
                """
                schedule: "@daily"
                start_date: 2024-01-01
                tasks:
                  extract:
                    type: command
                    command: |
                      echo "rows for {{ ds }} until {{ data_interval_end }}"
                      echo '{"record_count": 5}' > "$WEIR_XCOM_FILE"
                  load:
                    type: command
                    after: [extract]
                    command: test "$WEIR_DS" = 2024-01-01
                """);
        try (Weir weir = open()) {
            DagTest.Result result = weir.test("chain", JAN_1, SchedulerListener.NONE);

            assertThat(result.run().state()).isEqualTo(DagRunState.SUCCESS);
            assertThat(states(result.instances()))
                    .containsEntry("extract", TaskState.SUCCESS)
                    .containsEntry("load", TaskState.SUCCESS);
            Optional<XComRecord> xcom = weir.store()
                    .inTransaction(s -> s.xcoms().get("chain", result.run().runId(), "extract", "return_value"));
            assertThat(xcom).map(XComRecord::valueJson).hasValue("{\"record_count\":5}");
            Path log = weir.logsDir()
                    .resolve("dag_id=chain/run_id=" + result.run().runId() + "/task_id=extract/attempt=1.log");
            assertThat(Files.readString(log)).contains("rows for 2024-01-01 until 2024-01-02T00:00:00+00:00");
            TaskInstanceRecord load = result.instances().stream()
                    .filter(i -> i.taskId().equals("load"))
                    .findFirst()
                    .orElseThrow();
            TaskInstanceRecord extract = result.instances().stream()
                    .filter(i -> i.taskId().equals("extract"))
                    .findFirst()
                    .orElseThrow();
            assertThat(load.startDate()).isAfterOrEqualTo(extract.endDate());
        }
    }

    @Test
    void aFailureIsRetriedByItsCauseNotByItsJavaClass() throws Exception {
        project.dag(
                "causes",
                """
                tasks:
                  dropped_connection:
                    type: test.fail
                    cause: timeout
                    retries: 1
                    retry_delay: 1s
                  missing_table:
                    type: test.fail
                    cause: mistake
                    retries: 1
                    retry_delay: 1s
                """);
        try (Weir weir = open()) {
            DagTest.Result result = weir.test("causes", JAN_1, SchedulerListener.NONE);

            Map<String, TaskInstanceRecord> byTask = new HashMap<>();
            result.instances().forEach(instance -> byTask.put(instance.taskId(), instance));
            // Both are WeirExceptions; only the one caused by a timeout had its second try.
            assertThat(byTask.get("dropped_connection").state()).isEqualTo(TaskState.FAILED);
            assertThat(byTask.get("dropped_connection").tryNumber()).isEqualTo(2);
            assertThat(byTask.get("missing_table").state()).isEqualTo(TaskState.FAILED);
            assertThat(byTask.get("missing_table").tryNumber()).isEqualTo(1);
            Path firstTry = weir.logsDir()
                    .resolve("dag_id=causes/run_id=" + result.run().runId()
                            + "/task_id=dropped_connection/attempt=1.log");
            assertThat(Files.readString(firstTry))
                    .contains("caused by java.net.SocketTimeoutException: Read timed out; retriable");
        }
    }

    @Test
    void failingTaskIsRetriedThenFailsAndDownstreamIsUpstreamFailed() throws Exception {
        project.dag(
                "flaky",
                """
                tasks:
                  broken:
                    type: command
                    retries: 2
                    retry_delay: 1s
                    command: echo "try $WEIR_TRY_NUMBER"; exit 3
                  after_broken:
                    type: empty
                    after: [broken]
                  cleanup:
                    type: command
                    after: [broken]
                    trigger_rule: all_done
                    command: echo cleaning
                """);
        try (Weir weir = open()) {
            DagTest.Result result = weir.test("flaky", JAN_1, SchedulerListener.NONE);

            assertThat(result.run().state()).isEqualTo(DagRunState.FAILED);
            Map<String, TaskState> states = states(result.instances());
            assertThat(states)
                    .containsEntry("broken", TaskState.FAILED)
                    .containsEntry("after_broken", TaskState.UPSTREAM_FAILED)
                    .containsEntry("cleanup", TaskState.SUCCESS);
            TaskInstanceRecord broken = result.instances().stream()
                    .filter(i -> i.taskId().equals("broken"))
                    .findFirst()
                    .orElseThrow();
            assertThat(broken.tryNumber()).isEqualTo(3);
            for (int attempt = 1; attempt <= 3; attempt++) {
                Path log = weir.logsDir()
                        .resolve("dag_id=flaky/run_id=" + result.run().runId() + "/task_id=broken/attempt=" + attempt
                                + ".log");
                assertThat(Files.readString(log)).contains("try " + attempt);
            }
        }
    }

    @Test
    void exitCode99SkipsAndTheSkipCascades() {
        project.dag(
                "skips",
                """
                tasks:
                  check:
                    type: command
                    command: exit 99
                  load:
                    type: empty
                    after: [check]
                  report:
                    type: empty
                    after: [load]
                  always_runs:
                    type: empty
                    after: [load]
                    trigger_rule: all_done
                """);
        try (Weir weir = open()) {
            DagTest.Result result = weir.test("skips", JAN_1, SchedulerListener.NONE);

            assertThat(result.run().state()).isEqualTo(DagRunState.SUCCESS);
            assertThat(states(result.instances()))
                    .containsEntry("check", TaskState.SKIPPED)
                    .containsEntry("load", TaskState.SKIPPED)
                    .containsEntry("report", TaskState.SKIPPED)
                    .containsEntry("always_runs", TaskState.SUCCESS);
        }
    }

    @Test
    void executionTimeoutKillsTheProcessTreeAndFailsTheTry() throws Exception {
        Path marker = tempDir.resolve("child.pid");
        project.dag(
                "slow",
                """
                tasks:
                  sleeper:
                    type: command
                    execution_timeout: 1s
                    command: sleep 300 & echo $! > %s; wait
                """
                        .formatted(marker));
        try (Weir weir = open()) {
            long started = System.nanoTime();
            DagTest.Result result = weir.test("slow", JAN_1, SchedulerListener.NONE);

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
            assertThat(result.run().state()).isEqualTo(DagRunState.FAILED);
            long child = Long.parseLong(Files.readString(marker).strip());
            long deadline = System.currentTimeMillis() + 10_000;
            while (ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false)
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            assertThat(ProcessHandle.of(child)
                            .map(p -> p.isAlive() && !p.info().command().isEmpty()))
                    .isNotEqualTo(java.util.Optional.of(true));
            Path log = weir.logsDir()
                    .resolve("dag_id=slow/run_id=" + result.run().runId() + "/task_id=sleeper/attempt=1.log");
            assertThat(Files.readString(log)).contains("timed out");
        }
    }

    @Test
    void executionTimeoutEndsABackgroundProcessThatOutlivedItsShell() throws Exception {
        Path marker = tempDir.resolve("orphan.pid");
        // The shell exits at once; its re-parented sleep keeps the output open, so the try runs until it ends.
        project.dag(
                "detached",
                """
                tasks:
                  detach:
                    type: command
                    execution_timeout: 1s
                    command: (sleep 300 & echo $! > %s)
                """
                        .formatted(marker));
        try (Weir weir = open()) {
            long started = System.nanoTime();
            DagTest.Result result = weir.test("detached", JAN_1, SchedulerListener.NONE);

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
            assertThat(result.run().state()).isEqualTo(DagRunState.FAILED);
            long orphan = Long.parseLong(Files.readString(marker).strip());
            long deadline = System.currentTimeMillis() + 10_000;
            while (!io.weir.engine.process.ProcessStates.ended(orphan) && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            assertThat(io.weir.engine.process.ProcessStates.ended(orphan))
                    .as("the background sleep was ended with its try")
                    .isTrue();
        }
    }

    @Test
    void recoveryEndsTheBackgroundProcessesOfATryClearedWhileItsSchedulerWasDead() throws Exception {
        Path marker = tempDir.resolve("orphan.pid");
        try (Weir weir = open()) {
            Instant longAgo = Instant.now().minus(Duration.ofHours(1));
            long deadJob = weir.store().inTransaction(session -> session.jobs()
                    .start(
                            "scheduler",
                            weir.services().hostname(),
                            ProcessHandle.current().pid(),
                            longAgo));
            // What the dead job's try left: a background process, re-parented when its shell exited. The instance
            // itself was cleared meanwhile, so only the dead job's process ledger still names the try.
            ProcessLedger.TryRef ref =
                    new ProcessLedger.TryRef("gone", "manual__2024-01-01T00:00:00+00:00", "detach", 1);
            ProcessBuilder builder = new ProcessBuilder("bash", "-c", "(sleep 300 & echo $! > " + marker + ")")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put("WEIR_PROJECT", weir.projectDir().toString());
            builder.environment().put("WEIR_DAG_ID", ref.dagId());
            builder.environment().put("WEIR_RUN_ID", ref.runId());
            builder.environment().put("WEIR_TASK_ID", ref.taskId());
            builder.environment().put("WEIR_TRY_NUMBER", "1");
            Process shell = builder.start();
            new ProcessLedger(weir.weirDir())
                    .record(
                            deadJob,
                            ProcessLedger.tryName(ref),
                            shell.pid(),
                            shell.info().startInstant().orElse(null));
            shell.waitFor();
            long orphan = Long.parseLong(Files.readString(marker).strip());
            try {
                long recoveringJob = weir.store().inTransaction(session -> session.jobs()
                        .start(
                                "scheduler",
                                weir.services().hostname(),
                                ProcessHandle.current().pid(),
                                Instant.now()));
                new io.weir.engine.recovery.OrphanRecovery(weir.services(), recoveringJob, weir.dagBag()::find)
                        .recoverDeadJobs(run -> {});

                assertThat(io.weir.engine.process.ProcessStates.ended(orphan))
                        .as("the cleared try's background sleep was ended")
                        .isTrue();
            } finally {
                ProcessHandle.of(orphan).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    @Test
    void everyTryGetsEachVariableWeirPromisesIt() throws Exception {
        project.dag(
                "vars",
                """
                tasks:
                  show:
                    type: command
                    command: env
                """);
        try (Weir weir = open()) {
            DagTest.Result result = weir.test("vars", JAN_1, SchedulerListener.NONE);

            String log = Files.readString(weir.logsDir()
                    .resolve("dag_id=vars/run_id=" + result.run().runId() + "/task_id=show/attempt=1.log"));
            for (String name : io.weir.core.task.TaskContext.WEIR_VARIABLES) {
                assertThat(log).as(name).containsPattern("(?m)^" + name + "=.+$");
            }
        }
    }

    @Test
    void declaredSecretsReachTheTaskAndAreMaskedInItsLog() throws Exception {
        project.env("WAREHOUSE_PASSWORD", "s3cr3t-value").env("OTHER_SECRET", "leaked-value");
        project.dag(
                "secrets",
                """
                secrets: [WAREHOUSE_PASSWORD]
                tasks:
                  connect:
                    type: command
                    secrets: [WAREHOUSE_PASSWORD]
                    command: echo "password is $WAREHOUSE_PASSWORD, other is ${OTHER_SECRET:-unset}"
                """);
        try (Weir weir = open()) {
            DagTest.Result result = weir.test("secrets", JAN_1, SchedulerListener.NONE);

            assertThat(result.run().state()).isEqualTo(DagRunState.SUCCESS);
            String log = Files.readString(weir.logsDir()
                    .resolve("dag_id=secrets/run_id=" + result.run().runId() + "/task_id=connect/attempt=1.log"));
            assertThat(log).contains("password is ***, other is unset").doesNotContain("s3cr3t-value");
        }
    }

    @Test
    void backfillRunsEveryDailyIntervalInOrder() {
        project.dag(
                "daily",
                """
                schedule: "@daily"
                start_date: 2024-01-01
                max_active_runs: 2
                tasks:
                  first:
                    type: command
                    command: echo "$WEIR_DS"
                  second:
                    type: empty
                    after: [first]
                """);
        try (Weir weir = open()) {
            List<BackfillProgress> progress = new ArrayList<>();
            List<DagRunRecord> runs = weir.backfill(
                    new BackfillRequest(
                            "daily", JAN_1, Instant.parse("2024-01-07T00:00:00Z"), false, false, Duration.ofSeconds(1)),
                    progress::add);

            assertThat(runs).hasSize(7).allSatisfy(run -> assertThat(run.state())
                    .isEqualTo(DagRunState.SUCCESS));
            assertThat(runs).extracting(DagRunRecord::runId).first().isEqualTo("backfill__2024-01-01T00:00:00+00:00");
            assertThat(runs.get(6).dataInterval().end()).isEqualTo(Instant.parse("2024-01-08T00:00:00Z"));
            assertThat(progress).last().satisfies(last -> {
                assertThat(last.runsSucceeded()).isEqualTo(7);
                assertThat(last.taskStates()).containsEntry(TaskState.SUCCESS, 14);
            });
            List<DagRunRecord> stored = weir.store().inTransaction(s -> s.runs().list("daily", null, 100, 0));
            assertThat(stored).hasSize(7);
        }
    }

    @Test
    void clearWithDownstreamRerunsTheTaskAndWhatFollows() {
        Path counter = tempDir.resolve("count");
        project.dag(
                "clearing",
                """
                tasks:
                  extract:
                    type: command
                    command: echo x >> %s
                  transform:
                    type: command
                    after: [extract]
                    command: echo t >> %s
                  report:
                    type: empty
                    after: [transform]
                """
                        .formatted(counter, counter));
        try (Weir weir = open()) {
            DagRunRecord run =
                    weir.test("clearing", JAN_1, SchedulerListener.NONE).run();
            List<TaskInstanceRecord> cleared =
                    weir.clear(new ClearRequest("clearing", "^transform$", null, null, null, false, true, false));
            assertThat(cleared).extracting(TaskInstanceRecord::taskId).containsExactlyInAnyOrder("transform", "report");
            Map<String, TaskState> afterClear =
                    states(weir.store().inTransaction(s -> s.taskInstances().forRun("clearing", run.runId())));
            assertThat(afterClear)
                    .containsEntry("extract", TaskState.SUCCESS)
                    .containsEntry("transform", TaskState.NONE);
            assertThat(weir.store()
                            .inTransaction(s -> s.runs().find("clearing", run.runId()))
                            .orElseThrow()
                            .state())
                    .isEqualTo(DagRunState.RUNNING);

            runSchedulerUntilFinished(weir, 1);

            assertThat(states(weir.store().inTransaction(s -> s.taskInstances().forRun("clearing", run.runId()))))
                    .containsEntry("transform", TaskState.SUCCESS)
                    .containsEntry("report", TaskState.SUCCESS);
            assertThat(Files.readAllLines(counter)).containsExactly("x", "t", "t");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void clearingARunningInstanceStopsItsTryInThisProcessAndTheRunRunsItAgain() throws Exception {
        Path tries = tempDir.resolve("tries");
        // The first try would sleep for minutes; the try after the clear ends at once.
        project.dag(
                "cleared_while_running",
                """
                tasks:
                  long:
                    type: command
                    command: echo "$WEIR_TRY_NUMBER" >> %s; if [ "$WEIR_TRY_NUMBER" = 1 ]; then sleep 300; fi
                """
                        .formatted(tries));
        try (Weir weir = open()) {
            DagRunRecord run = weir.trigger("cleared_while_running", JAN_1, null);
            CountDownLatch finished = new CountDownLatch(1);
            Scheduler scheduler = weir.scheduler(new SchedulerListener() {
                @Override
                public void runFinished(DagRunRecord done) {
                    finished.countDown();
                }
            });
            Thread loop = new Thread(scheduler::run);
            loop.start();
            try {
                awaitLines(tries, 1);

                weir.clear(new ClearRequest(
                        "cleared_while_running", "^long$", null, null, run.runId(), false, false, false));

                assertThat(finished.await(60, TimeUnit.SECONDS))
                        .as("the run finished after the clear")
                        .isTrue();
            } finally {
                scheduler.close();
                loop.join(10_000);
            }
            TaskInstanceRecord instance = weir.store()
                    .inTransaction(s -> s.taskInstances().find("cleared_while_running", run.runId(), "long"))
                    .orElseThrow();
            assertThat(instance.state()).isEqualTo(TaskState.SUCCESS);
            assertThat(instance.tryNumber()).isEqualTo(2);
            // Stopped by the clear's own effect, told to the scheduler of this process, not found by a later sweep.
            Path firstLog = weir.logsDir()
                    .resolve("dag_id=cleared_while_running/run_id=" + run.runId() + "/task_id=long/attempt=1.log");
            assertThat(Files.readString(firstLog)).contains("Try stopped: it was cleared");
        }
    }

    /** Waits until {@code file} has {@code count} lines. */
    private static void awaitLines(Path file, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!Files.exists(file) || Files.readAllLines(file).size() < count) {
            assertThat(System.nanoTime())
                    .as(file + " has " + count + " line(s) within 60 s")
                    .isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    @Test
    void markFailedWithDownstreamFailsTheRun() {
        project.dag(
                "marking",
                """
                tasks:
                  a:
                    type: empty
                  b:
                    type: empty
                    after: [a]
                  c:
                    type: empty
                    after: [b]
                """);
        try (Weir weir = open()) {
            DagRunRecord run =
                    weir.test("marking", JAN_1, SchedulerListener.NONE).run();
            List<TaskInstanceRecord> marked = weir.mark("marking", "b", "2024-01-01", TaskState.FAILED, true, false);

            assertThat(marked).extracting(TaskInstanceRecord::taskId).containsExactlyInAnyOrder("b", "c");
            assertThat(states(weir.store().inTransaction(s -> s.taskInstances().forRun("marking", run.runId()))))
                    .containsEntry("a", TaskState.SUCCESS)
                    .containsEntry("b", TaskState.FAILED)
                    .containsEntry("c", TaskState.FAILED);
            assertThat(weir.store()
                            .inTransaction(s -> s.runs().find("marking", run.runId()))
                            .orElseThrow()
                            .state())
                    .isEqualTo(DagRunState.FAILED);
        }
    }

    @Test
    void tasksRunRefusesWhatAlreadyRanUnlessForced() {
        project.dag(
                "single",
                """
                tasks:
                  a:
                    type: command
                    command: exit 1
                  b:
                    type: command
                    after: [a]
                    command: echo b
                """);
        try (Weir weir = open()) {
            weir.test("single", JAN_1, SchedulerListener.NONE);

            assertThatThrownBy(
                            () -> weir.runTask("single", "a", "2024-01-01", new TaskRun.Options(false, false, false)))
                    .isInstanceOf(WeirException.class)
                    .hasMessageContaining("already ran (state failed); add -f");
            assertThatThrownBy(() -> weir.runTask("single", "b", "2024-01-01", new TaskRun.Options(true, false, false)))
                    .isInstanceOf(WeirException.class)
                    .hasMessageContaining("trigger rule all_success is not met");

            TaskInstanceRecord b = weir.runTask("single", "b", "2024-01-01", new TaskRun.Options(true, true, false));
            assertThat(b.state()).isEqualTo(TaskState.SUCCESS);
            assertThat(b.tryNumber()).isEqualTo(1);
        }
    }

    @Test
    void aManualTaskRunLongerThanTheZombieThresholdHeartbeatsAndIsLeftAlone() throws Exception {
        project.write(
                "weir.yaml",
                "dags_are_paused_at_creation: false\nscheduler:\n  heartbeat: 1s\n  zombie_threshold: 3s\n");
        project.dag(
                "manual",
                """
                tasks:
                  long:
                    type: command
                    command: sleep 6; echo finished
                """);
        try (Weir weir = open()) {
            weir.trigger("manual", JAN_1, null);
            CompletableFuture<TaskInstanceRecord> manual = CompletableFuture.supplyAsync(
                    () -> weir.runTask("manual", "long", "2024-01-01", new TaskRun.Options(false, false, false)));
            // Once the manual job is older than the zombie threshold, a scheduler looks for dead jobs, as it does
            // at every heartbeat.
            JobRecord job = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline && !manual.isDone()) {
                job = weir.store().inTransaction(session -> session.jobs().running()).stream()
                        .filter(candidate -> candidate.type().equals("task"))
                        .findFirst()
                        .orElse(null);
                if (job != null && job.startDate().plusSeconds(4).isBefore(Instant.now())) {
                    break;
                }
                Thread.sleep(100);
            }
            assertThat(job).as("the manual run's job").isNotNull();
            assertThat(manual).as("still running past the threshold").isNotDone();
            assertThat(job.latestHeartbeat()).as("a heartbeat since it started").isAfter(job.startDate());
            long schedulerJob = weir.store().inTransaction(session -> session.jobs()
                    .start(
                            "scheduler",
                            weir.services().hostname(),
                            ProcessHandle.current().pid(),
                            Instant.now()));
            new io.weir.engine.recovery.OrphanRecovery(weir.services(), schedulerJob, weir.dagBag()::find)
                    .recoverDeadJobs(run -> {});

            TaskInstanceRecord result = manual.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(result.state()).isEqualTo(TaskState.SUCCESS);
            assertThat(result.tryNumber()).isEqualTo(1);
        }
    }

    @Test
    void schedulerCreatesDueRunsAndWakesDownstreamAtOnce() throws Exception {
        project.dag(
                "hourly",
                """
                schedule: "@hourly"
                start_date: %s
                catchup: true
                tasks:
                  a:
                    type: empty
                  b:
                    type: empty
                    after: [a]
                """
                        .formatted(Instant.now()
                                .minus(Duration.ofHours(3))
                                .truncatedTo(java.time.temporal.ChronoUnit.HOURS)));
        try (Weir weir = open()) {
            runSchedulerUntilFinished(weir, 3);

            List<DagRunRecord> runs = weir.store().inTransaction(s -> s.runs().list("hourly", null, 100, 0));
            assertThat(runs).hasSizeGreaterThanOrEqualTo(3).allSatisfy(run -> assertThat(run.runId())
                    .startsWith("scheduled__"));
            DagRunRecord run = runs.get(runs.size() - 1);
            Map<String, TaskInstanceRecord> byTask = new HashMap<>();
            weir.store()
                    .inTransaction(s -> s.taskInstances().forRun("hourly", run.runId()))
                    .forEach(i -> byTask.put(i.taskId(), i));
            // b starts once a has ended; how soon is the benchmark's to measure, not a test's on a loaded machine.
            assertThat(byTask.get("b").startDate())
                    .isAfterOrEqualTo(byTask.get("a").endDate());
            assertThat(byTask.get("b").state()).isEqualTo(TaskState.SUCCESS);
        }
    }

    @Test
    void aFannedOutRunEndsAsSoonAsItsLastLeafDoes() {
        StringBuilder dag = new StringBuilder("max_active_tasks: 100\ntasks:\n");
        // Two waves as wide as the executor, whose tries end within a moment of each other.
        for (int task = 0; task < 16; task++) {
            dag.append("  leaf").append(task).append(":\n    type: command\n    command: sleep 0.2\n");
        }
        project.dag("fan", dag.toString());
        try (Weir weir = open()) {
            DagRunRecord triggered = weir.trigger("fan", JAN_1, null);
            runSchedulerUntilFinished(weir, 1);

            DagRunRecord run = weir.store()
                    .inTransaction(s -> s.runs().find("fan", triggered.runId()))
                    .orElseThrow();
            List<TaskInstanceRecord> instances =
                    weir.store().inTransaction(s -> s.taskInstances().forRun("fan", run.runId()));
            assertThat(run.state()).isEqualTo(DagRunState.SUCCESS);
            assertThat(instances).hasSize(16).allSatisfy(instance -> assertThat(instance.state())
                    .isEqualTo(TaskState.SUCCESS));
            Instant lastEnd = instances.stream()
                    .map(TaskInstanceRecord::endDate)
                    .max(Comparator.naturalOrder())
                    .orElseThrow();
            // Leaves ending together leave the run's end to the last of them: it is recorded after every leaf's.
            assertThat(run.endDate()).isAfterOrEqualTo(lastEnd);
        }
    }

    @Test
    void aWideFanOutRunsEveryTaskOnceWhenEachEndingTryTakesTheNextWithItsEnd() throws Exception {
        Path ran = tempDir.resolve("ran.txt");
        // No pool or max_active_tasks count limits it, so each ending try writes its end and its next claim at once.
        StringBuilder dag = new StringBuilder("max_active_tasks: 1000\ntasks:\n");
        for (int task = 0; task < 40; task++) {
            dag.append("  t")
                    .append(task)
                    .append(":\n    type: command\n    command: echo $WEIR_TASK_ID >> ")
                    .append(ran)
                    .append("\n");
        }
        project.dag("wide", dag.toString());
        try (Weir weir = open()) {
            DagRunRecord triggered = weir.trigger("wide", JAN_1, null);
            runSchedulerUntilFinished(weir, 1);

            DagRunRecord run = weir.store()
                    .inTransaction(s -> s.runs().find("wide", triggered.runId()))
                    .orElseThrow();
            List<TaskInstanceRecord> instances =
                    weir.store().inTransaction(s -> s.taskInstances().forRun("wide", triggered.runId()));
            assertThat(run.state()).isEqualTo(DagRunState.SUCCESS);
            assertThat(instances).hasSize(40).allSatisfy(instance -> {
                assertThat(instance.state()).isEqualTo(TaskState.SUCCESS);
                assertThat(instance.tryNumber()).isEqualTo(1);
            });
            assertThat(Files.readAllLines(ran)).hasSize(40).doesNotHaveDuplicates();
            assertThat(mostAtOnce(instances)).isLessThanOrEqualTo(8);
        }
    }

    @Test
    void maxActiveRunsHoldsWhileTheOtherRunsQueueOldestFirst() {
        project.dag(
                "one_at_a_time",
                """
                max_active_runs: 1
                tasks:
                  work:
                    type: command
                    command: sleep 0.3
                """);
        try (Weir weir = open()) {
            for (int day = 2; day >= 0; day--) {
                weir.trigger("one_at_a_time", JAN_1.plus(Duration.ofDays(day)), null);
            }
            runSchedulerUntilFinished(weir, 3);

            List<DagRunRecord> runs = weir.store().inTransaction(s -> s.runs().list("one_at_a_time", null, 10, 0));
            assertThat(runs).hasSize(3).allSatisfy(run -> assertThat(run.state())
                    .isEqualTo(DagRunState.SUCCESS));
            List<DagRunRecord> byStart = runs.stream()
                    .sorted(Comparator.comparing(DagRunRecord::startDate))
                    .toList();
            assertThat(byStart)
                    .extracting(DagRunRecord::logicalDate)
                    .containsExactly(JAN_1, JAN_1.plus(Duration.ofDays(1)), JAN_1.plus(Duration.ofDays(2)));
            for (int index = 1; index < byStart.size(); index++) {
                assertThat(byStart.get(index).startDate())
                        .isAfterOrEqualTo(byStart.get(index - 1).endDate());
            }
        }
    }

    @Test
    void aFullPoolHandsItsSlotToTheHighestPriorityWeightFirst() {
        project.dag(
                "weighted",
                """
                max_active_tasks: 100
                tasks:
                  low:
                    type: command
                    command: sleep 0.1
                    pool: solo
                    priority_weight: 1
                  high:
                    type: command
                    command: sleep 0.1
                    pool: solo
                    priority_weight: 10
                  middle:
                    type: command
                    command: sleep 0.1
                    pool: solo
                    priority_weight: 5
                """);
        try (Weir weir = open()) {
            weir.store().useTransaction(session -> session.pools().upsert(new PoolRecord("solo", 1, "one at a time")));
            DagRunRecord triggered = weir.trigger("weighted", JAN_1, null);
            runSchedulerUntilFinished(weir, 1);

            List<TaskInstanceRecord> instances =
                    weir.store().inTransaction(s -> s.taskInstances().forRun("weighted", triggered.runId()));
            assertThat(instances.stream()
                            .sorted(Comparator.comparing(TaskInstanceRecord::startDate))
                            .map(TaskInstanceRecord::taskId))
                    .containsExactly("high", "middle", "low");
            assertThat(mostAtOnce(instances)).isEqualTo(1);
        }
    }

    @Test
    void poolSlotsAboveOneTakeThatManySlots() {
        StringBuilder dag = new StringBuilder("max_active_tasks: 100\ntasks:\n");
        for (int task = 0; task < 6; task++) {
            dag.append("  t")
                    .append(task)
                    .append(":\n    type: command\n    command: sleep 0.2\n    pool: four\n    pool_slots: 2\n");
        }
        project.dag("wide_tasks", dag.toString());
        try (Weir weir = open()) {
            weir.store().useTransaction(session -> session.pools().upsert(new PoolRecord("four", 4, "four slots")));
            DagRunRecord triggered = weir.trigger("wide_tasks", JAN_1, null);
            runSchedulerUntilFinished(weir, 1);

            List<TaskInstanceRecord> instances =
                    weir.store().inTransaction(s -> s.taskInstances().forRun("wide_tasks", triggered.runId()));
            assertThat(instances).hasSize(6).allSatisfy(instance -> {
                assertThat(instance.state()).isEqualTo(TaskState.SUCCESS);
                assertThat(instance.poolSlots()).isEqualTo(2);
            });
            assertThat(mostAtOnce(instances)).isEqualTo(2);
        }
    }

    @Test
    void retriesWaitTheirDelayWhichDoublesWithExponentialBackoff() {
        project.dag(
                "backoff",
                """
                tasks:
                  flaky:
                    type: command
                    command: exit 1
                    retries: 2
                    retry_delay: 1s
                    retry_exponential_backoff: true
                """);
        try (Weir weir = open()) {
            DagRunRecord triggered = weir.trigger("backoff", JAN_1, null);
            List<TaskInstanceRecord> tries = new java.util.concurrent.CopyOnWriteArrayList<>();
            runSchedulerUntilFinished(weir, 1, tries::add);

            TaskSpec task = weir.dagBag().find("backoff").orElseThrow().task("flaky");
            assertThat(tries).extracting(TaskInstanceRecord::tryNumber).containsExactly(1, 2, 3);
            assertThat(tries)
                    .extracting(TaskInstanceRecord::state)
                    .containsExactly(TaskState.UP_FOR_RETRY, TaskState.UP_FOR_RETRY, TaskState.FAILED);
            Duration first = RetryDelays.retryDelay(task, "backoff", triggered.logicalDate(), 1);
            Duration second = RetryDelays.retryDelay(task, "backoff", triggered.logicalDate(), 2);
            assertThat(second).isGreaterThanOrEqualTo(Duration.ofSeconds(2)).isGreaterThan(first);
            for (int index = 0; index < 2; index++) {
                TaskInstanceRecord failed = tries.get(index);
                Duration delay = index == 0 ? first : second;
                // The delay counts from the failure, which lies between the try's start and its recorded end.
                assertThat(failed.nextRetryAt())
                        .isAfterOrEqualTo(failed.startDate().plus(delay))
                        .isBeforeOrEqualTo(failed.endDate().plus(delay));
                // The next try starts no earlier than the delay allows.
                assertThat(tries.get(index + 1).startDate()).isAfterOrEqualTo(failed.nextRetryAt());
            }
        }
    }

    @Test
    void aDagInItsOwnTimezoneGetsExactlyItsRunsAcrossADaylightSavingChange() {
        // Europe/Zurich moves from UTC+1 to UTC+2 at 02:00 on 2024-03-31: 01:30 local is 00:30Z up to that day's
        // fire, 23:30Z from the next; the interval across the change is 23 hours long.
        project.dag(
                "zurich",
                """
                schedule: "30 1 * * *"
                timezone: Europe/Zurich
                start_date: 2024-03-29
                end_date: 2024-04-02
                catchup: true
                tasks:
                  work:
                    type: empty
                """);
        try (Weir weir = open()) {
            runSchedulerUntilFinished(weir, 4);

            List<DagRunRecord> runs = weir.store().inTransaction(s -> s.runs().list("zurich", null, 100, 0)).stream()
                    .sorted(Comparator.comparing(DagRunRecord::logicalDate))
                    .toList();
            assertThat(runs)
                    .extracting(DagRunRecord::logicalDate)
                    .containsExactly(
                            Instant.parse("2024-03-29T00:30:00Z"),
                            Instant.parse("2024-03-30T00:30:00Z"),
                            Instant.parse("2024-03-31T00:30:00Z"),
                            Instant.parse("2024-03-31T23:30:00Z"));
            assertThat(runs)
                    .extracting(run -> Duration.between(
                            run.dataInterval().start(), run.dataInterval().end()))
                    .containsExactly(
                            Duration.ofHours(24), Duration.ofHours(24), Duration.ofHours(23), Duration.ofHours(24));
            assertThat(runs).allSatisfy(run -> assertThat(run.state()).isEqualTo(DagRunState.SUCCESS));
        }
    }

    @Test
    void dependsOnPastKeepsATaskFromRunningAfterItFailedInThePreviousRun() {
        project.dag(
                "past",
                """
                schedule: "@daily"
                start_date: 2024-01-01
                end_date: 2024-01-02
                catchup: true
                tasks:
                  load:
                    type: command
                    depends_on_past: true
                    command: test "$WEIR_DS" != 2024-01-01
                """);
        try (Weir weir = open()) {
            runSchedulerUntilFinished(weir, 2);

            Map<String, DagRunRecord> runs = new HashMap<>();
            weir.store()
                    .inTransaction(s -> s.runs().list("past", null, 10, 0))
                    .forEach(run -> runs.put(run.logicalDate().toString(), run));
            DagRunRecord first = runs.get("2024-01-01T00:00:00Z");
            DagRunRecord second = runs.get("2024-01-02T00:00:00Z");
            assertThat(first.state()).isEqualTo(DagRunState.FAILED);
            TaskInstanceRecord waiting = weir.store()
                    .inTransaction(s -> s.taskInstances().find("past", second.runId(), "load"))
                    .orElseThrow();
            // It would have succeeded on 2024-01-02; the failure before it kept it from running at all.
            assertThat(waiting.tryNumber()).isZero();
            assertThat(waiting.state()).isEqualTo(TaskState.NONE);
            assertThat(second.state()).isEqualTo(DagRunState.FAILED);
        }
    }

    @Test
    void waitForDownstreamStartsATaskOnlyOnceThePreviousRunsDownstreamEnded() {
        project.dag(
                "downstream",
                """
                schedule: "@daily"
                start_date: 2024-01-01
                end_date: 2024-01-02
                catchup: true
                max_active_runs: 2
                tasks:
                  extract:
                    type: empty
                    wait_for_downstream: true
                  load:
                    type: command
                    after: [extract]
                    command: sleep 0.5
                """);
        try (Weir weir = open()) {
            runSchedulerUntilFinished(weir, 2);

            Map<String, Map<String, TaskInstanceRecord>> byRun = new HashMap<>();
            for (DagRunRecord run : weir.store().inTransaction(s -> s.runs().list("downstream", null, 10, 0))) {
                assertThat(run.state()).isEqualTo(DagRunState.SUCCESS);
                Map<String, TaskInstanceRecord> byTask = new HashMap<>();
                weir.store()
                        .inTransaction(s -> s.taskInstances().forRun("downstream", run.runId()))
                        .forEach(instance -> byTask.put(instance.taskId(), instance));
                byRun.put(run.logicalDate().toString(), byTask);
            }
            TaskInstanceRecord previousLoad = byRun.get("2024-01-01T00:00:00Z").get("load");
            TaskInstanceRecord nextExtract = byRun.get("2024-01-02T00:00:00Z").get("extract");
            assertThat(nextExtract.startDate()).isAfterOrEqualTo(previousLoad.endDate());
        }
    }

    @Test
    void maxActiveTasksHoldsWhileWorkersClaimWhatTheyAreHandedAcrossSweeps() {
        StringBuilder dag = new StringBuilder("max_active_tasks: 3\ntasks:\n");
        // Fourteen waves of three: long enough for the loop's one-second sweeps to look at tries being claimed.
        for (int task = 0; task < 42; task++) {
            dag.append("  t").append(task).append(":\n    type: command\n    command: sleep 0.05\n");
        }
        project.dag("capped", dag.toString());
        try (Weir weir = open()) {
            DagRunRecord triggered = weir.trigger("capped", JAN_1, null);
            runSchedulerUntilFinished(weir, 1);

            List<TaskInstanceRecord> instances =
                    weir.store().inTransaction(s -> s.taskInstances().forRun("capped", triggered.runId()));
            assertThat(instances).hasSize(42).allSatisfy(instance -> {
                assertThat(instance.state()).isEqualTo(TaskState.SUCCESS);
                assertThat(instance.tryNumber()).isEqualTo(1);
                assertThat(instance.queuedAt()).isNotNull();
            });
            assertThat(mostAtOnce(instances)).isEqualTo(3);
        }
    }

    @Test
    void aPoolHoldsWhenTriesEndingTogetherEachTakeTheNextInstance() {
        StringBuilder dag = new StringBuilder("max_active_tasks: 100\ntasks:\n");
        // Tries of the same length end together, and each finishing worker looks for the next instance at once.
        for (int task = 0; task < 24; task++) {
            dag.append("  t")
                    .append(task)
                    .append(":\n    type: command\n    command: sleep 0.05\n")
                    .append("    pool: pair\n");
        }
        project.dag("pooled", dag.toString());
        try (Weir weir = open()) {
            weir.store().useTransaction(session -> session.pools().upsert(new PoolRecord("pair", 2, "two at a time")));
            DagRunRecord triggered = weir.trigger("pooled", JAN_1, null);
            runSchedulerUntilFinished(weir, 1);

            List<TaskInstanceRecord> instances =
                    weir.store().inTransaction(s -> s.taskInstances().forRun("pooled", triggered.runId()));
            assertThat(instances).hasSize(24).allSatisfy(instance -> assertThat(instance.state())
                    .isEqualTo(TaskState.SUCCESS));
            assertThat(mostAtOnce(instances)).isEqualTo(2);
        }
    }

    @Test
    void maxActiveTasksSpansEveryActiveRunOfTheDag() {
        project.dag(
                "two_runs",
                """
                max_active_runs: 2
                max_active_tasks: 2
                tasks:
                  a: {type: command, command: sleep 0.3}
                  b: {type: command, command: sleep 0.3}
                """);
        try (Weir weir = open()) {
            DagRunRecord first = weir.trigger("two_runs", JAN_1, null);
            DagRunRecord second = weir.trigger("two_runs", JAN_1.plus(Duration.ofDays(1)), null);
            runSchedulerUntilFinished(weir, 2);

            List<TaskInstanceRecord> instances = new ArrayList<>();
            for (DagRunRecord run : List.of(first, second)) {
                instances.addAll(
                        weir.store().inTransaction(s -> s.taskInstances().forRun("two_runs", run.runId())));
            }
            assertThat(instances).hasSize(4).allSatisfy(instance -> assertThat(instance.state())
                    .isEqualTo(TaskState.SUCCESS));
            assertThat(mostAtOnce(instances)).isEqualTo(2);
        }
    }

    /** The most tries that ran at one moment, from their recorded start and end. */
    private static int mostAtOnce(List<TaskInstanceRecord> instances) {
        int most = 0;
        for (TaskInstanceRecord instance : instances) {
            Instant at = instance.startDate();
            int running = (int) instances.stream()
                    .filter(other ->
                            !other.startDate().isAfter(at) && other.endDate().isAfter(at))
                    .count();
            most = Math.max(most, running);
        }
        return most;
    }

    @Test
    void deadSchedulersRunningTryIsRetriedAndItsProcessEnded() throws Exception {
        project.dag(
                "longtask",
                """
                tasks:
                  long:
                    type: command
                    retries: 1
                    retry_delay: 1s
                    command: if [ "$WEIR_TRY_NUMBER" = 1 ]; then sleep 300; fi; echo done
                """);
        try (Weir weir = open()) {
            DagRunRecord run = weir.trigger("longtask", JAN_1, null);
            // A job that died with its try running: its process is a live sleep that must be ended.
            Process orphan = new ProcessBuilder("sleep", "300").start();
            Instant now = Instant.now();
            long deadJob = weir.store().inTransaction(s -> s.jobs()
                    .start("scheduler", weir.services().hostname(), 999_999_999L, now));
            weir.store().useTransaction(s -> {
                s.apply(run, new RunEvent.Start(now));
                s.taskInstances()
                        .insertAll(List.of(new TaskInstanceRecord(
                                "longtask",
                                run.runId(),
                                "long",
                                TaskState.RUNNING,
                                1,
                                2,
                                now,
                                now,
                                null,
                                null,
                                "default_pool",
                                1,
                                1,
                                "command",
                                weir.services().hostname(),
                                deadJob,
                                orphan.pid(),
                                orphan.toHandle().info().startInstant().orElse(null))));
            });

            runSchedulerUntilFinished(weir, 1);

            assertThat(orphan.waitFor(10, TimeUnit.SECONDS)).isTrue();
            TaskInstanceRecord instance = weir.store()
                    .inTransaction(s -> s.taskInstances().find("longtask", run.runId(), "long"))
                    .orElseThrow();
            assertThat(instance.state()).isEqualTo(TaskState.SUCCESS);
            assertThat(instance.tryNumber()).isEqualTo(2);
            assertThat(weir.store()
                            .inTransaction(s -> s.jobs().find(deadJob))
                            .orElseThrow()
                            .state())
                    .isNotEqualTo("running");
        }
    }

    @Test
    void invalidDagFileIsAnImportErrorWhileOtherDagsRun() {
        project.dag(
                "good",
                """
                tasks:
                  a:
                    type: empty
                """);
        project.dag(
                "bad",
                """
                tasks:
                  a:
                    tpye: empty
                """);
        try (Weir weir = open()) {
            assertThat(weir.dagBag().dags()).containsOnlyKeys("good");
            List<ImportErrorRecord> errors =
                    weir.store().inTransaction(s -> s.dags().importErrors());
            assertThat(errors)
                    .filteredOn(error -> error.line() == 3)
                    .singleElement()
                    .satisfies(error -> {
                        assertThat(error.file()).endsWith("bad.yaml");
                        assertThat(error.line()).isEqualTo(3);
                        assertThat(error.message()).contains("tpye");
                    });
            assertThat(weir.test("good", JAN_1, SchedulerListener.NONE).succeeded())
                    .isTrue();
            assertThatThrownBy(() -> weir.requireDag("bad")).hasMessageContaining("bad.yaml:3");
        }
    }

    @Test
    void aDagWhoseFileBreaksStaysListedForEveryProcess() {
        project.dag(
                "steady",
                """
                tasks:
                  a:
                    type: empty
                """);
        project.dag(
                "other",
                """
                tasks:
                  b:
                    type: empty
                """);
        try (Weir server = open()) {
            assertThat(server.dagBag().dags()).containsOnlyKeys("steady", "other");
            project.dag(
                    "steady",
                    """
                    tasks:
                      a:
                        tpye: empty
                    """);
            // Another process (a CLI command) reads the folder while the file is broken.
            try (Weir cli = open()) {
                assertThat(cli.dagBag().dags()).containsOnlyKeys("other");
            }
            Optional<io.weir.store.DagRecord> row =
                    server.store().inTransaction(s -> s.dags().find("steady"));
            assertThat(row).hasValueSatisfying(dag -> assertThat(dag.active()).isTrue());
            assertThat(server.dagBag().refresh().errors()).isNotEmpty();
            assertThat(server.dagBag().dags()).containsOnlyKeys("steady", "other");
        }
    }

    @Test
    void aProcessFindingTheFolderAsRecordedWritesNothingAndRecordsWhatChanged() throws Exception {
        String tasks =
                """
                tasks:
                  a:
                    type: empty
                """;
        project.dag("kept", tasks).dag("edited", tasks).dag("removed", tasks);
        try (Weir first = open()) {
            assertThat(first.dagBag().dags()).containsOnlyKeys("kept", "edited", "removed");
        }
        Map<String, DagRecord> before = recordedDags();
        project.dag("edited", "description: now described\n" + tasks);
        Files.delete(project.dir().resolve("dags/removed.yaml"));

        try (Weir second = open()) {
            assertThat(second.dagBag().dags()).containsOnlyKeys("kept", "edited");
        }

        Map<String, DagRecord> after = recordedDags();
        // The same row, down to the time it was last written: nothing was written for the unchanged DAG.
        assertThat(after.get("kept")).isEqualTo(before.get("kept"));
        assertThat(after.get("edited").description()).isEqualTo("now described");
        assertThat(after.get("edited").lastParsed())
                .isAfter(before.get("edited").lastParsed());
        assertThat(after.get("removed").active()).isFalse();
    }

    private Map<String, DagRecord> recordedDags() {
        try (Weir weir = open()) {
            Map<String, DagRecord> byId = new HashMap<>();
            weir.store().inTransaction(s -> s.dags().list()).forEach(dag -> byId.put(dag.dagId(), dag));
            return byId;
        }
    }

    /** Runs a server scheduler until {@code runs} runs have finished (or fails after a minute). */
    private static void runSchedulerUntilFinished(Weir weir, int runs) {
        runSchedulerUntilFinished(weir, runs, instance -> {});
    }

    /** Runs a scheduler until {@code runs} runs finished; {@code tries} sees each try's end as it is recorded. */
    private static void runSchedulerUntilFinished(
            Weir weir, int runs, java.util.function.Consumer<TaskInstanceRecord> tries) {
        CountDownLatch finished = new CountDownLatch(runs);
        Scheduler scheduler = weir.scheduler(new SchedulerListener() {
            @Override
            public void taskFinished(TaskInstanceRecord instance) {
                tries.accept(instance);
            }

            @Override
            public void runFinished(DagRunRecord run) {
                finished.countDown();
            }
        });
        Thread loop = new Thread(scheduler::run);
        loop.start();
        try {
            assertThat(finished.await(60, TimeUnit.SECONDS))
                    .as("runs finished in time")
                    .isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            scheduler.close();
            try {
                loop.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
