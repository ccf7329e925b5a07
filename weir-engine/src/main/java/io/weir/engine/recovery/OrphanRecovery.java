package io.weir.engine.recovery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.core.dag.Dag;
import io.weir.core.dag.TaskSpec;
import io.weir.core.state.DagRunState;
import io.weir.core.state.RetryDelays;
import io.weir.core.state.TaskEvent;
import io.weir.core.state.TaskState;
import io.weir.engine.EngineServices;
import io.weir.engine.log.TaskLogPaths;
import io.weir.engine.process.ProcessLedger;
import io.weir.engine.process.ProcessTrees;
import io.weir.engine.process.TryFiles;
import io.weir.store.DagRunRecord;
import io.weir.store.JobRecord;
import io.weir.store.MetadataSession;
import io.weir.store.TaskInstanceRecord;
import io.weir.store.XComRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds jobs that stopped heartbeating (a killed scheduler, a lost worker), ends the processes their tries left
 * behind, and retries or fails those tries per their retries. A job on this host whose process is gone is dead at
 * once; elsewhere, after the zombie threshold. A healthy long task is never touched: its job keeps heartbeating.
 */
public final class OrphanRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(OrphanRecovery.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EngineServices services;
    private final long jobId;
    private final TaskLogPaths logPaths;
    private final Function<String, Optional<Dag>> dags;
    private final ProcessLedger processes;
    private final TryFiles tryFiles;

    /** {@code dags} finds the current version of a DAG, for its tasks' retry delays. */
    public OrphanRecovery(EngineServices services, long jobId, Function<String, Optional<Dag>> dags) {
        this.services = services;
        this.jobId = jobId;
        this.dags = dags;
        this.processes = new ProcessLedger(services.weirDir());
        this.tryFiles = new TryFiles(services.weirDir());
        this.logPaths = new TaskLogPaths(services.logsDir());
    }

    /** Recovers every dead job; calls {@code dirtyRun} with the id of each run that changed. */
    public void recoverDeadJobs(LongConsumer dirtyRun) {
        Instant now = services.clock().instant();
        List<JobRecord> dead = new ArrayList<>();
        for (JobRecord job :
                services.store().inTransaction(session -> session.jobs().running())) {
            if (job.id() != jobId && isDead(job, now)) {
                dead.add(job);
            }
        }
        for (JobRecord job : dead) {
            recover(job, now, dirtyRun);
        }
    }

    private boolean isDead(JobRecord job, Instant now) {
        Duration threshold = services.settings().zombieThreshold();
        if (job.latestHeartbeat() == null
                || job.latestHeartbeat().plus(threshold).isBefore(now)) {
            return true;
        }
        if (job.hostname().equals(services.hostname())) {
            Optional<ProcessHandle> process = ProcessHandle.of(job.pid());
            return process.isEmpty() || !process.get().isAlive();
        }
        return false;
    }

    private void recover(JobRecord job, Instant now, LongConsumer dirtyRun) {
        // Processes first, so a try is never retried while its old process still runs; outside any transaction,
        // as ending a process may wait out its grace period.
        boolean sameHost = services.hostname().equals(job.hostname());
        // Each process and each try once, whether the ledger, the metadata DB or both name it.
        Map<Long, Instant> processStarts = new LinkedHashMap<>();
        Map<Long, String> processOwners = new HashMap<>();
        Set<ProcessLedger.TryRef> tries = new LinkedHashSet<>();
        for (ProcessLedger.Entry entry : sameHost ? processes.entries(job.id()) : List.<ProcessLedger.Entry>of()) {
            processStarts.put(entry.pid(), entry.startedAt());
            processOwners.put(entry.pid(), entry.describe());
            // The ledger outlives a clear or mark made while the job was dead, so its tries are ended too.
            entry.tryRef().ifPresent(tries::add);
        }
        List<TaskInstanceRecord> active = services.store()
                .inTransaction(session -> session.taskInstances().activeForJobs(List.of(job.id())));
        for (TaskInstanceRecord instance : active) {
            ProcessLedger.TryRef ref = new ProcessLedger.TryRef(
                    instance.dagId(), instance.runId(), instance.taskId(), instance.tryNumber());
            if (instance.pid() != null && services.hostname().equals(instance.hostname())) {
                processStarts.putIfAbsent(instance.pid(), instance.pidStartedAt());
                processOwners.putIfAbsent(instance.pid(), ref.toString());
            }
            if (instance.state() == TaskState.RUNNING && sameHost) {
                tries.add(ref);
            }
        }
        // How the commands that ended before their scheduler could record it ended, read before any kill: a status
        // written after it would be this recovery's kill, not the command's own end.
        Map<ProcessLedger.TryRef, Integer> exitStatuses = new HashMap<>();
        if (sameHost) {
            TryFiles.ExitStatuses ended = tryFiles.exitStatuses(job.id());
            for (TaskInstanceRecord instance : active) {
                if (instance.state() == TaskState.RUNNING) {
                    ProcessLedger.TryRef ref = tryRef(instance);
                    ended.of(ref).ifPresent(status -> exitStatuses.put(ref, status));
                }
            }
        }
        List<Runnable> kills = new ArrayList<>();
        processStarts.forEach((pid, startedAt) -> kills.add(() -> {
            if (ProcessTrees.killIfSame(pid, startedAt)) {
                LOG.info("Ended process {} left behind by {}", pid, processOwners.get(pid));
            }
        }));
        tries.forEach(ref -> kills.add(() -> killMarked(ref)));
        runAll(kills);
        if (sameHost) {
            processes.forgetJob(job.id());
        }
        List<Long> changedRuns = services.store().inTransaction(session -> {
            List<Long> runs = new ArrayList<>();
            for (TaskInstanceRecord instance : session.taskInstances().activeForJobs(List.of(job.id()))) {
                Integer exitStatus = instance.state() == TaskState.RUNNING ? exitStatuses.get(tryRef(instance)) : null;
                if (exitStatus != null) {
                    recordEnd(session, instance, exitStatus, job, now).ifPresent(run -> runs.add(run.id()));
                    continue;
                }
                Optional<TaskInstanceRecord> written = session.apply(instance, recovered(session, instance, now));
                if (written.isPresent()) {
                    TaskInstanceRecord next = written.get();
                    if (instance.state() == TaskState.RUNNING) {
                        appendLog(
                                instance,
                                "The process running this try stopped (job " + job.id() + " on " + job.hostname()
                                        + " no longer heartbeats); the task is now " + next.state());
                    }
                    session.runs().find(instance.dagId(), instance.runId()).ifPresent(run -> runs.add(run.id()));
                }
            }
            for (DagRunRecord run : session.runs().lockSchedulable(jobId, List.of(job.id()), 10_000)) {
                if (run.ownerJobId() != null && run.ownerJobId() == job.id()) {
                    session.runs().setOwner(run.id(), null);
                    if (run.state() == DagRunState.RUNNING) {
                        runs.add(run.id());
                    }
                }
            }
            session.jobs().finish(job.id(), now);
            return runs;
        });
        if (!changedRuns.isEmpty()) {
            LOG.info(
                    "Recovered {} run(s) of job {} ({} on {}), which stopped",
                    changedRuns.size(),
                    job.id(),
                    job.type(),
                    job.hostname());
        }
        // Their ends are recorded now; a try still running was ended above and its files say nothing more.
        if (sameHost) {
            active.forEach(instance -> tryFiles.delete(tryRef(instance)));
            tryFiles.forgetJob(job.id());
        }
        changedRuns.forEach(dirtyRun::accept);
    }

    /**
     * Records how a try whose command ended after its scheduler died really ended, from the exit status its
     * supervisor kept beside it (and its XCom): success, skipped, or failed and retried per its retries. Returns the
     * try's run when the end was written.
     */
    private Optional<DagRunRecord> recordEnd(
            MetadataSession session, TaskInstanceRecord instance, int exitStatus, JobRecord job, Instant now) {
        Optional<DagRunRecord> run = session.runs().find(instance.dagId(), instance.runId());
        String xcom = null;
        String problem = null;
        TaskState outcome =
                switch (exitStatus) {
                    case 0 -> TaskState.SUCCESS;
                    case TryFiles.SKIP_EXIT_CODE -> TaskState.SKIPPED;
                    default -> TaskState.FAILED;
                };
        if (outcome == TaskState.SUCCESS) {
            Optional<String> text = tryFiles.xcomText(tryRef(instance)).map(String::strip);
            if (text.isPresent() && !text.get().isEmpty()) {
                try {
                    xcom = JSON.readTree(text.get()).toString();
                } catch (JsonProcessingException e) {
                    outcome = TaskState.FAILED;
                    problem = "it wrote text that is not JSON to WEIR_XCOM_FILE";
                }
            }
        }
        Instant retryAt = null;
        if (outcome == TaskState.FAILED && problem == null && instance.tryNumber() < instance.maxTries()) {
            outcome = TaskState.UP_FOR_RETRY;
            retryAt = retryAt(instance, run, now);
        }
        TaskEvent.End end = new TaskEvent.End(outcome, now, retryAt, job.id(), instance.pid(), instance.pidStartedAt());
        Optional<TaskInstanceRecord> written = session.apply(instance, end);
        if (written.isEmpty()) {
            return Optional.empty();
        }
        if (xcom != null) {
            session.xcoms()
                    .put(new XComRecord(
                            instance.dagId(), instance.runId(), instance.taskId(), "return_value", xcom, now));
        }
        appendLog(
                instance,
                "The command of this try ended with exit status " + exitStatus + " after the process running it stopped"
                        + " (job " + job.id() + " on " + job.hostname() + " no longer heartbeats)"
                        + (problem == null ? "" : ", but " + problem) + "; the task is now " + outcome);
        return run;
    }

    private static ProcessLedger.TryRef tryRef(TaskInstanceRecord instance) {
        return new ProcessLedger.TryRef(instance.dagId(), instance.runId(), instance.taskId(), instance.tryNumber());
    }

    /** Ends the background processes of a try whose parent exited, found by the mark they inherited. */
    private void killMarked(ProcessLedger.TryRef ref) {
        int ended =
                ProcessTrees.killMarked(ProcessTrees.markOf(services.projectDir(), ref), ProcessTrees.DEFAULT_GRACE);
        if (ended > 0) {
            LOG.info("Ended {} background process(es) left behind by {}", ended, ref);
        }
    }

    /** Runs the kills side by side: each may wait out a grace period, and one stubborn process must not hold up all. */
    private static void runAll(List<Runnable> kills) {
        if (kills.isEmpty()) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(kills.size(), 16), runnable -> {
            Thread thread = new Thread(runnable, "weir-recovery-kill");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> pending = new ArrayList<>();
            kills.forEach(kill -> pending.add(pool.submit(kill)));
            for (Future<?> kill : pending) {
                try {
                    kill.get();
                } catch (ExecutionException e) {
                    LOG.warn(
                            "Could not end a process left behind: {}",
                            e.getCause().toString());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            pool.shutdownNow();
        }
    }

    /** What happened to an instance its dead job left queued (never started) or running (outcome unknown). */
    private TaskEvent recovered(MetadataSession session, TaskInstanceRecord instance, Instant now) {
        if (instance.state() == TaskState.QUEUED) {
            // The try never started: schedule it again without spending a try.
            return new TaskEvent.Release();
        }
        return new TaskEvent.Orphan(
                now, retryAt(instance, session.runs().find(instance.dagId(), instance.runId()), now));
    }

    /** When a failed try of {@code instance} may run again: after its task's retry delay, or now without its DAG. */
    private Instant retryAt(TaskInstanceRecord instance, Optional<DagRunRecord> run, Instant now) {
        TaskSpec task = dags.apply(instance.dagId())
                .map(dag -> dag.task(instance.taskId()))
                .orElse(null);
        if (task == null || run.isEmpty() || instance.tryNumber() >= instance.maxTries()) {
            return now;
        }
        return RetryDelays.nextRetryAt(task, instance.dagId(), run.get().logicalDate(), instance.tryNumber(), now);
    }

    /** On a clean stop: instances queued for this job that never started go back to scheduled. */
    public void releaseOwnInstances() {
        services.store().useTransaction(session -> {
            for (TaskInstanceRecord instance : session.taskInstances().activeForJobs(List.of(jobId))) {
                if (instance.state() == TaskState.QUEUED) {
                    session.apply(instance, new TaskEvent.Release());
                }
            }
        });
    }

    private void appendLog(TaskInstanceRecord instance, String message) {
        Path file = logPaths.file(instance.dagId(), instance.runId(), instance.taskId(), instance.tryNumber());
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(
                    file,
                    Instant.now() + " " + message + System.lineSeparator(),
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.warn("Could not write to {}: {}", file, e.getMessage());
        }
    }
}
