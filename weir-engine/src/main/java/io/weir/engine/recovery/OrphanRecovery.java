package io.weir.engine.recovery;

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
import io.weir.store.DagRunRecord;
import io.weir.store.JobRecord;
import io.weir.store.MetadataSession;
import io.weir.store.TaskInstanceRecord;
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

    private final EngineServices services;
    private final long jobId;
    private final TaskLogPaths logPaths;
    private final Function<String, Optional<Dag>> dags;
    private final ProcessLedger processes;

    /** {@code dags} finds the current version of a DAG, for its tasks' retry delays. */
    public OrphanRecovery(EngineServices services, long jobId, Function<String, Optional<Dag>> dags) {
        this.services = services;
        this.jobId = jobId;
        this.dags = dags;
        this.processes = new ProcessLedger(services.weirDir());
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
        changedRuns.forEach(dirtyRun::accept);
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
        Instant retryAt = now;
        TaskSpec task = dags.apply(instance.dagId())
                .map(dag -> dag.task(instance.taskId()))
                .orElse(null);
        Optional<DagRunRecord> run = session.runs().find(instance.dagId(), instance.runId());
        if (task != null && run.isPresent() && instance.tryNumber() < instance.maxTries()) {
            retryAt =
                    RetryDelays.nextRetryAt(task, instance.dagId(), run.get().logicalDate(), instance.tryNumber(), now);
        }
        return new TaskEvent.Orphan(now, retryAt);
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
