package io.weir.engine.runner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.core.WeirException;
import io.weir.core.dag.Dag;
import io.weir.core.dag.TaskSpec;
import io.weir.core.state.RetryDelays;
import io.weir.core.state.TaskEvent;
import io.weir.core.state.TaskState;
import io.weir.core.task.FailureCauses;
import io.weir.core.task.TaskFailure;
import io.weir.core.task.TaskResult;
import io.weir.core.task.TaskType;
import io.weir.core.template.TemplateContext;
import io.weir.engine.EngineServices;
import io.weir.engine.executor.Dispatch;
import io.weir.engine.executor.FinishHook;
import io.weir.engine.executor.TryClaims;
import io.weir.engine.executor.TryResult;
import io.weir.engine.log.FileTaskLog;
import io.weir.engine.log.TaskLogPaths;
import io.weir.engine.process.CommandSupervisor;
import io.weir.engine.process.ProcessLedger;
import io.weir.engine.process.ProcessTrees;
import io.weir.engine.process.TryFiles;
import io.weir.store.DagRunRecord;
import io.weir.store.MetadataSession;
import io.weir.store.MetadataStore;
import io.weir.store.TaskInstanceRecord;
import io.weir.store.XComRecord;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs one try of one task instance: marks it running, renders its parameters, runs its task type with a log, an
 * XCom file and a timeout, and records the outcome. Every state change is a compare-and-set, so a try that was
 * cleared or marked meanwhile never overwrites the newer state.
 */
public final class TaskRunner implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The classifiers on the class path (the warehouse's SQLStates among them), found once. */
    private static final FailureCauses FAILURE_CAUSES = FailureCauses.loaded();

    private final EngineServices services;
    private final TaskLogPaths logPaths;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TaskRunner.class);

    private final ProcessLedger processes;
    private final TryClaims claims;
    private final TryFiles tryFiles;
    /** Starts and waits for the tries' commands; its shell starts with the first command and ends on close. */
    private final CommandSupervisor supervisor = new CommandSupervisor();
    /** Ends tries that pass their execution_timeout; its thread starts with the first timeout and ends on close. */
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "weir-task-timeouts");
        thread.setDaemon(true);
        return thread;
    });

    public TaskRunner(EngineServices services) {
        this.services = services;
        this.logPaths = new TaskLogPaths(services.logsDir());
        this.processes = new ProcessLedger(services.weirDir());
        this.claims = new TryClaims(services.hostname());
        this.tryFiles = new TryFiles(services.weirDir());
    }

    /** Stops the timeout watchdog; tries still running keep running but no longer time out. */
    @Override
    public void close() {
        watchdog.shutdownNow();
        supervisor.close();
    }

    /**
     * Forgets the processes job {@code jobId} recorded and the exit statuses its commands kept, once none of them can
     * still run (the job has ended).
     */
    public void forgetProcesses(long jobId) {
        processes.forgetJob(jobId);
        tryFiles.forgetJob(jobId);
    }

    /** Runs the queued instance as job {@code jobId}; see {@link #run(Dag, DagRunRecord, TaskInstanceRecord, long, RunningTry, FinishHook)}. */
    public Optional<TaskInstanceRecord> run(
            Dag dag, DagRunRecord run, TaskInstanceRecord queued, long jobId, RunningTry running) {
        return run(dag, run, queued, jobId, running, FinishHook.NONE).finished();
    }

    /**
     * Runs an instance as job {@code jobId}: a scheduled one, or one queued for this job, is claimed first (it
     * becomes running with the next try number, unless something else changed it meanwhile); a running one was
     * claimed already by whoever handed it over. The outcome and {@code hook} share one transaction; should the hook fail,
     * the outcome is recorded alone.
     */
    public TryResult run(
            Dag dag, DagRunRecord run, TaskInstanceRecord instance, long jobId, RunningTry running, FinishHook hook) {
        TaskSpec task = dag.task(instance.taskId());
        TaskInstanceRecord current;
        if (instance.state() == TaskState.RUNNING) {
            current = instance;
            hook.claimSettled();
        } else {
            Optional<TaskInstanceRecord> claimed;
            try {
                claimed = services.store()
                        .inTransaction(session -> claims.claimIn(
                                session, instance, task, jobId, services.clock().instant()));
            } finally {
                hook.claimSettled();
            }
            if (claimed.isEmpty()) {
                return TryResult.NOTHING;
            }
            current = claimed.get();
        }
        Instant started = current.startDate();

        Path logFile = logPaths.file(dag.dagId(), run.runId(), task.taskId(), current.tryNumber());
        running.logFile(logFile);
        Map<String, String> secretValues = new LinkedHashMap<>();
        String secretProblem = null;
        try {
            secretValues = resolveSecrets(dag, task);
        } catch (WeirException e) {
            secretProblem = e.getMessage();
        }
        ProcessLedger.TryRef tryRef =
                new ProcessLedger.TryRef(current.dagId(), current.runId(), current.taskId(), current.tryNumber());
        Path xcomFile = tryFiles.xcomFile(tryRef);
        TaskState finalState;
        Instant nextRetryAt = null;
        String xcomJson = null;
        try (FileTaskLog log = new FileTaskLog(logFile, secretValues.values())) {
            log.info("Starting try " + current.tryNumber() + " of " + current.maxTries() + " of task " + task.taskId()
                    + " in DAG " + dag.dagId() + ", run " + run.runId() + " (data interval "
                    + run.dataInterval().start() + " to " + run.dataInterval().end() + ")");
            Outcome outcome;
            if (secretProblem != null) {
                log.info("Task failed: " + secretProblem);
                outcome = new Outcome(TaskState.FAILED, false, null);
            } else if (running.cancelReason() != null) {
                // Stopped before it started (Weir is stopping): nothing is started only to be killed.
                log.info("Try stopped: " + running.cancelReason());
                outcome = new Outcome(TaskState.FAILED, true, null);
            } else {
                outcome = execute(dag, run, task, current, log, xcomFile, secretValues, running);
            }
            finalState = outcome.state();
            xcomJson = outcome.xcomJson();
            if (finalState == TaskState.FAILED && outcome.retryable() && current.tryNumber() < current.maxTries()) {
                finalState = TaskState.UP_FOR_RETRY;
                nextRetryAt = RetryDelays.nextRetryAt(
                        task,
                        dag.dagId(),
                        run.logicalDate(),
                        current.tryNumber(),
                        services.clock().instant());
                log.info("Will retry at " + nextRetryAt + " (try " + (current.tryNumber() + 1) + " of "
                        + current.maxTries() + ")");
            }
            Duration took = Duration.between(started, services.clock().instant());
            log.info("Try " + current.tryNumber() + " ended: " + finalState + " after " + seconds(took) + " s");
        } catch (IOException e) {
            throw new WeirException(
                    io.weir.core.ErrorCode.CONFIGURATION,
                    "Cannot write the log of task " + task.taskId() + " in DAG " + dag.dagId() + " at " + logFile + ": "
                            + e.getMessage(),
                    e);
        }
        // The try's processes have ended (a command waits for its whole output): nothing is left to clean up later.
        if (running.recordedIn() != null) {
            processes.forget(running.recordedIn());
        }

        Instant ended = services.clock().instant();
        TaskEvent.End end =
                new TaskEvent.End(finalState, ended, nextRetryAt, jobId, running.pid(), running.pidStartedAt());
        TaskInstanceRecord finished = current.transition(end)
                .orElseThrow(
                        () -> new IllegalStateException("a try of job " + jobId + " ended an instance it did not run"))
                .next();
        TryResult result = recordEnd(current, end, finished, xcomJson, hook);
        // Recorded (or no longer this try's to record): the files that would have told recovery how it ended can go.
        tryFiles.delete(tryRef);
        return result;
    }

    /** Records the try's end, with the next claim the hook makes for this worker where it makes one. */
    private TryResult recordEnd(
            TaskInstanceRecord current,
            TaskEvent.End end,
            TaskInstanceRecord finished,
            String xcomValue,
            FinishHook hook) {
        // Without an XCom to store, the end and the next claim are two compare-and-sets that read nothing: one write.
        Optional<Dispatch> head = Optional.empty();
        if (xcomValue == null) {
            try {
                head = hook.claimWithEnd(finished);
            } catch (RuntimeException e) {
                LOG.warn(
                        "Could not choose the next task along with the end of {}: {}", finished.taskId(), e.toString());
            }
        }
        if (head.isPresent()) {
            return endAndClaim(current, end, finished, head.get(), hook);
        }
        try {
            return services.store().inTransaction(session -> {
                if (record(session, current, end, xcomValue).isEmpty()) {
                    return TryResult.NOTHING;
                }
                return new TryResult(Optional.of(finished), hook.afterFinish(session, finished), true);
            });
        } catch (RuntimeException e) {
            if (hook == FinishHook.NONE) {
                throw e;
            }
            // The hook failed and took the outcome with it: record the outcome alone.
            return recordAlone(current, end, xcomValue, session -> {});
        }
    }

    /**
     * Records a try's end in a transaction of its own, after {@code undo}, when the write that also carried the
     * hook's claim failed; the hook gives its instance back (hookCommitted false).
     */
    private TryResult recordAlone(
            TaskInstanceRecord current,
            TaskEvent.End end,
            String xcomValue,
            java.util.function.Consumer<MetadataSession> undo) {
        Optional<TaskInstanceRecord> recorded = services.store().inTransaction(session -> {
            undo.accept(session);
            return record(session, current, end, xcomValue);
        });
        return recorded.isPresent() ? new TryResult(recorded, Optional.empty(), false) : TryResult.NOTHING;
    }

    /** Writes a try's end and the claim of {@code head} (a scheduled instance) for the same worker, in one write. */
    private TryResult endAndClaim(
            TaskInstanceRecord current,
            TaskEvent.End end,
            TaskInstanceRecord finished,
            Dispatch head,
            FinishHook hook) {
        long jobId = end.jobId();
        TaskInstanceRecord scheduled = head.instance();
        Optional<TaskInstanceRecord> claim = claims.claimed(
                scheduled,
                head.dag().task(scheduled.taskId()),
                jobId,
                services.clock().instant());
        if (claim.isEmpty()) {
            // Not claimable after all (the copy the hook chose is no longer scheduled): the end is recorded alone.
            hook.claimWritten(false);
            return recordAlone(current, end, null, session -> {});
        }
        MetadataStore.EndAndClaim written;
        try {
            written = services.store().endAndClaim(finished, jobId, claim.get(), scheduled.tryNumber());
        } catch (RuntimeException e) {
            // Whether it was written is unknown (a connection lost at commit): a claim that may have been written is
            // undone, and the end written again, together.
            return recordAlone(current, end, null, session -> session.taskInstances()
                    .claimIf(scheduled, TaskState.RUNNING, jobId, claim.get().tryNumber()));
        }
        if (!written.ended()) {
            // Cleared, marked or recovered elsewhere meanwhile: nothing was written, and the hook gives the instance
            // back (hookCommitted false) for the loop, which looks at the run again.
            return TryResult.NOTHING;
        }
        hook.claimWritten(written.claimed());
        return new TryResult(
                Optional.of(finished),
                written.claimed() ? Optional.of(new Dispatch(head.dag(), head.run(), claim.get())) : Optional.empty(),
                true);
    }

    /** Records a try's end ({@code end} applied to {@code current}) and its XCom; empty when it was not this try's. */
    private static Optional<TaskInstanceRecord> record(
            MetadataSession session, TaskInstanceRecord current, TaskEvent.End end, String xcomValue) {
        Optional<TaskInstanceRecord> finished = session.apply(current, end);
        if (finished.isPresent() && xcomValue != null) {
            session.xcoms()
                    .put(new XComRecord(
                            current.dagId(), current.runId(), current.taskId(), "return_value", xcomValue, end.now()));
        }
        return finished;
    }

    private record Outcome(TaskState state, boolean retryable, String xcomJson) {}

    private Outcome execute(
            Dag dag,
            DagRunRecord run,
            TaskSpec task,
            TaskInstanceRecord current,
            FileTaskLog log,
            Path xcomFile,
            Map<String, String> secretValues,
            RunningTry running) {
        ScheduledFuture<?> timeout = null;
        try {
            TaskType type = services.taskTypes()
                    .find(task.type())
                    .orElseThrow(() -> new TaskFailure(
                            "Task type '" + task.type() + "' of task " + task.taskId() + " is not installed", false));
            Map<String, Object> params = render(dag, run, task, current);
            Map<String, String> environment = environment(dag, run, task, current, xcomFile, secretValues);
            running.marked(ProcessTrees.markOf(environment));
            TryContext context = new TryContext(
                    dag.dagId(),
                    task.taskId(),
                    run.runId(),
                    run.logicalDate(),
                    run.dataInterval(),
                    current.tryNumber(),
                    current.maxTries(),
                    params,
                    services.projectDir(),
                    environment,
                    xcomFile,
                    tryFiles.exitJournal(
                            current.jobId(),
                            new ProcessLedger.TryRef(
                                    current.dagId(), current.runId(), current.taskId(), current.tryNumber())),
                    supervisor,
                    log,
                    process -> recordProcess(current, running, process),
                    running,
                    new StoredLoadedFiles(services.store()),
                    this::variable,
                    taskStates(dag.dagId(), task.taskId(), run.runId()));
            if (task.executionTimeout() != null) {
                Duration limit = task.executionTimeout();
                timeout = watchdog.schedule(
                        () -> running.cancel("timed out after " + describe(limit) + " (execution_timeout)"),
                        limit.toMillis(),
                        TimeUnit.MILLISECONDS);
            }
            TaskResult result = type.execute(context);
            if (running.cancelReason() != null) {
                log.info("Try stopped: " + running.cancelReason());
                return new Outcome(TaskState.FAILED, true, null);
            }
            if (result.outcome() == TaskResult.Outcome.SKIPPED) {
                log.info("Task skipped" + (result.message() == null ? "" : ": " + result.message()));
                return new Outcome(TaskState.SKIPPED, false, null);
            }
            return new Outcome(TaskState.SUCCESS, false, xcom(result, xcomFile));
        } catch (Exception e) {
            // A cancelled try fails however its task type reacted (a killed process exits non-zero).
            if (running.cancelReason() != null) {
                log.info("Try stopped: " + running.cancelReason());
                return new Outcome(TaskState.FAILED, true, null);
            }
            // Retriable or permanent by its cause (a dropped connection, a refused login), not by its class.
            boolean retriable = FAILURE_CAUSES.retriable(e);
            if (e instanceof WeirException) {
                log.info("Task failed: " + e.getMessage() + causeNote(e, retriable));
                return new Outcome(TaskState.FAILED, retriable, null);
            }
            log.info("Task failed with an unexpected error: " + e);
            PrintStream stream = new PrintStream(log.stream(), true, StandardCharsets.UTF_8);
            e.printStackTrace(stream);
            stream.flush();
            return new Outcome(TaskState.FAILED, retriable, null);
        } finally {
            if (timeout != null) {
                timeout.cancel(false);
            }
            Thread.interrupted();
        }
    }

    /** Names the cause that decided a failure's class, so the log says why it is (or is not) retried. */
    private static String causeNote(Exception failure, boolean retriable) {
        if (failure.getCause() == null || FAILURE_CAUSES.byCause(failure).isEmpty()) {
            return "";
        }
        return " (caused by " + failure.getCause() + "; " + (retriable ? "retriable" : "permanent") + ")";
    }

    private Map<String, Object> render(Dag dag, DagRunRecord run, TaskSpec task, TaskInstanceRecord current) {
        if (task.params().isEmpty()) {
            return Map.of();
        }
        TemplateContext context = TaskTemplates.context(services, dag, run, task, current.tryNumber(), this::variable);
        Map<String, Object> rendered = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : task.params().entrySet()) {
            rendered.put(
                    entry.getKey(),
                    services.renderer()
                            .render(entry.getValue(), context, TaskTemplates.where(dag, task, entry.getKey())));
        }
        return rendered;
    }

    private TryContext.TaskStates taskStates(String dagId, String taskId, String runId) {
        return new TryContext.TaskStates() {
            @Override
            public Optional<String> load() {
                return services.store()
                        .inTransaction(session -> session.taskStates().get(dagId, taskId));
            }

            @Override
            public void save(String state) {
                services.store().useTransaction(session -> session.taskStates()
                        .put(dagId, taskId, state, runId, Instant.now()));
            }
        };
    }

    private Optional<String> variable(String key) {
        return TaskTemplates.variable(services, key);
    }

    private Map<String, String> resolveSecrets(Dag dag, TaskSpec task) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : task.secrets()) {
            values.put(name, services.secrets().resolve(name, dag.dagId(), task.taskId()));
        }
        return values;
    }

    private Map<String, String> environment(
            Dag dag,
            DagRunRecord run,
            TaskSpec task,
            TaskInstanceRecord current,
            Path xcomFile,
            Map<String, String> secretValues) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("WEIR_DAG_ID", dag.dagId());
        environment.put("WEIR_TASK_ID", task.taskId());
        environment.put("WEIR_RUN_ID", run.runId());
        environment.put(
                "WEIR_DS",
                DateTimeFormatter.ISO_LOCAL_DATE.format(run.logicalDate().atOffset(java.time.ZoneOffset.UTC)));
        environment.put("WEIR_LOGICAL_DATE", run.logicalDate().toString());
        environment.put("WEIR_DATA_INTERVAL_START", run.dataInterval().start().toString());
        environment.put("WEIR_DATA_INTERVAL_END", run.dataInterval().end().toString());
        environment.put("WEIR_TRY_NUMBER", Integer.toString(current.tryNumber()));
        environment.put("WEIR_XCOM_FILE", xcomFile.toString());
        environment.put("WEIR_PROJECT", services.projectDir().toString());
        environment.putAll(secretValues);
        return environment;
    }

    private void recordProcess(TaskInstanceRecord current, RunningTry running, ProcessHandle process) {
        Instant startedAt = process.info().startInstant().orElse(null);
        if (running.processStarted(process, startedAt)) {
            String tryName = ProcessLedger.tryName(
                    new ProcessLedger.TryRef(current.dagId(), current.runId(), current.taskId(), current.tryNumber()));
            running.recordedIn(processes.record(current.jobId(), tryName, process.pid(), startedAt));
        }
    }

    private static String xcom(TaskResult result, Path xcomFile) throws IOException {
        if (result.xcom() != null) {
            return JSON.writeValueAsString(result.xcom());
        }
        if (!Files.exists(xcomFile)) {
            return null;
        }
        String text = Files.readString(xcomFile).strip();
        if (text.isEmpty()) {
            return null;
        }
        try {
            return JSON.readTree(text).toString();
        } catch (JsonProcessingException e) {
            throw new TaskFailure(
                    "The task wrote text that is not JSON to WEIR_XCOM_FILE: " + abbreviate(text)
                            + "; write a JSON value such as {\"record_count\": 5}",
                    false);
        }
    }

    /** "12.345": what {@code %.3f} prints, without parsing a format on every try. */
    private static String seconds(Duration took) {
        long millis = took.toMillis();
        if (millis < 0) {
            return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
        }
        return millis / 1000 + "." + Long.toString(1000 + millis % 1000).substring(1);
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

    private static String describe(Duration duration) {
        return duration.toString().substring(2).toLowerCase(Locale.ROOT);
    }
}
