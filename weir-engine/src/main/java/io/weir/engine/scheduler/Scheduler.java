package io.weir.engine.scheduler;

import io.weir.core.dag.Dag;
import io.weir.core.dag.DagFileError;
import io.weir.core.dag.TaskSpec;
import io.weir.core.state.InstanceState;
import io.weir.engine.EngineServices;
import io.weir.engine.dagbag.DagBag;
import io.weir.engine.executor.Executor;
import io.weir.engine.executor.ExecutorFactory;
import io.weir.engine.executor.TaskKey;
import io.weir.engine.recovery.OrphanRecovery;
import io.weir.store.DagRecord;
import io.weir.store.DagRunRecord;
import io.weir.store.TaskInstanceRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler loop, wiring its parts: {@link RunCreation} creates runs when they fall due and starts queued ones,
 * {@link RunDecider} decides which task instances are ready, {@link Dispatcher} hands them to the {@link Executor}
 * within the limits of parallelism, pools and max_active_tasks, {@link Completion} hears each try's end, and
 * {@link Housekeeping} keeps the job's heartbeat, recovery and log retention. What they share is in
 * {@link SchedulerState}.
 *
 * <p>The metadata DB is the only source of truth. A finished try marks its run dirty and wakes the loop at once, so
 * the next task starts within milliseconds; a sweep every second picks up what other processes changed (a clear
 * or a mark from the CLI, a second scheduler). Runs are locked with SKIP LOCKED while they are decided, so several
 * schedulers can share one database.
 */
public final class Scheduler implements ChangeEffects, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
    private static final Duration SWEEP_INTERVAL = Duration.ofSeconds(1);

    private final EngineServices services;
    private final DagBag dagBag;
    private final SchedulerListener listener;
    private final String jobType;
    private final ExecutorFactory executors;
    private final SchedulerState state;
    private final RunCreation runCreation;
    private final Dispatcher dispatcher;
    private final RunDecider decider;
    private final Completion completion;

    private long jobId = -1;
    private volatile Executor executor;
    private Housekeeping housekeeping;
    private Instant nextSweep = Instant.MIN;
    private Instant nextHeartbeat = Instant.MIN;
    private Instant nextDagRefresh = Instant.MIN;

    public Scheduler(
            EngineServices services,
            DagBag dagBag,
            SchedulerScope scope,
            String jobType,
            SchedulerListener listener,
            ExecutorFactory executors) {
        this.services = services;
        this.dagBag = dagBag;
        this.jobType = jobType;
        this.executors = executors;
        this.listener = SchedulerListeners.guarded(listener);
        this.state = new SchedulerState(scope);
        this.runCreation = new RunCreation(services, dagBag);
        this.dispatcher = new Dispatcher(services, dagBag, state);
        this.decider = new RunDecider(services, dagBag, state, dispatcher, runCreation, this.listener);
        this.completion = new Completion(services, dagBag, state, dispatcher, decider, this.listener);
    }

    /** Registers this scheduler's job, recovers what dead jobs left behind and starts the executor. */
    public synchronized long start() {
        if (jobId >= 0) {
            return jobId;
        }
        Instant now = services.clock().instant();
        jobId = services.store().inTransaction(session -> session.jobs()
                .start(jobType, services.hostname(), ProcessHandle.current().pid(), now));
        state.jobStarted(jobId);
        boolean serves = state.scope() == SchedulerScope.ALL;
        housekeeping = new Housekeeping(
                services, jobId, new OrphanRecovery(services, jobId, dagBag::find), serves, state::markDirty);
        housekeeping.recoverDeadJobs();
        executor = executors.start(jobId, completion, completion);
        if (serves) {
            // A long-running scheduler: its first burst of tries should not wait for connections to be made.
            services.store().keepPoolOpen();
            // After the executor exists: each sweep spares the logs of the tries running in it.
            housekeeping.startLogRetention(this::runningLogs);
        }
        return jobId;
    }

    /** The log files of the tries running in this process now. */
    private Set<Path> runningLogs() {
        Executor current = executor;
        return current == null ? Set.of() : current.runningLogs();
    }

    public long jobId() {
        return jobId;
    }

    /** Runs the loop until {@link #stop()}. */
    public void run() {
        runUntil(() -> false);
    }

    /** Runs the loop until {@code done} says so or {@link #stop()} is called. */
    public void runUntil(BooleanSupplier done) {
        start();
        while (!state.stopping() && !done.getAsBoolean()) {
            long started = System.nanoTime();
            Instant wakeAt = step();
            listener.loopFinished(Duration.ofNanos(System.nanoTime() - started));
            state.await(Duration.between(services.clock().instant(), wakeAt).toMillis());
        }
    }

    public void stop() {
        state.stop();
    }

    /** Wakes the loop now (a lost wake-up only costs latency). */
    public void wake() {
        state.wake();
    }

    /** Asks the loop to decide this run again soon. */
    public void markDirty(long runId) {
        state.markDirty(runId);
    }

    @Override
    public void stopTry(TaskKey key, String reason) {
        Executor current = executor;
        if (current != null) {
            current.cancel(key, reason);
        }
    }

    @Override
    public void decideRun(long runId) {
        state.markDirty(runId);
    }

    /** Asks the loop to start queued runs and check for due runs now (after a trigger or a backfill step). */
    public void runsChanged() {
        state.promotionNeeded();
        runCreation.checkAllSoon();
        state.wake();
    }

    /** One pass of the loop; returns when it wants to run again at the latest. */
    Instant step() {
        Instant now = services.clock().instant();
        boolean sweep = !now.isBefore(nextSweep);
        boolean serves = state.scope() == SchedulerScope.ALL;
        if (serves && !now.isBefore(nextDagRefresh)) {
            refreshDags();
            nextDagRefresh = now.plus(services.settings().dagDirListInterval());
        }
        if (!now.isBefore(nextHeartbeat)) {
            housekeeping.heartbeat(now);
            nextHeartbeat = now.plus(services.settings().heartbeat());
        }
        if (sweep) {
            state.pausedDags(loadPausedDags());
            checkOwnedInstances();
            state.promotionNeeded();
            state.queueNeeded();
            nextSweep = now.plus(SWEEP_INTERVAL);
        }
        if (serves && runCreation.createDueRuns(now, state.pausedDags())) {
            state.promotionNeeded();
        }
        if (state.takePromotionNeeded()) {
            // Each run started is decided at once (its transition's effect).
            runCreation.startQueuedRuns(now, state::mayHandle).forEach(run -> state.markDirty(run.id()));
        }
        state.wakeDueRuns(now);
        decider.decideRuns(sweep, SWEEP_INTERVAL, now);
        if (sweep) {
            dispatcher.reloadBacklog();
        }
        if (state.takeQueueNeeded()) {
            dispatcher.handOut(executor);
        }
        return runCreation.nextCheckBefore(state.earliestWakeUp(nextSweep));
    }

    private void refreshDags() {
        try {
            List<DagFileError> before = dagBag.errors();
            dagBag.refresh();
            if (!before.equals(dagBag.errors())) {
                listener.importErrorsChanged(dagBag.errors());
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not read the DAG folder: {}", e.getMessage());
        }
        runCreation.checkAllSoon();
    }

    private Set<String> loadPausedDags() {
        Set<String> paused = new HashSet<>();
        for (DagRecord dag :
                services.store().inTransaction(session -> session.dags().list())) {
            if (dag.paused()) {
                paused.add(dag.dagId());
            }
        }
        return paused;
    }

    /** Stops tries running here whose instance another process cleared or marked (their STOP_TRY effect). */
    private void checkOwnedInstances() {
        // Tries that start after this snapshot are not judged by the query below, which cannot know them yet.
        Set<TaskKey> tries = executor.running();
        if (tries.isEmpty()) {
            return;
        }
        // Nor are tries still claiming their instance; one that claims after the query was unclaimed before it.
        Set<TaskKey> keys = new HashSet<>(dispatcher.claiming());
        List<TaskInstanceRecord> owned = services.store()
                .inTransaction(session -> session.taskInstances().activeForJobs(List.of(jobId)));
        for (TaskInstanceRecord instance : owned) {
            keys.add(TaskKey.of(instance));
        }
        for (TaskKey key : tries) {
            if (!keys.contains(key)) {
                executor.cancel(key, "its state was changed by another process (cleared or marked)");
            }
        }
    }

    /** A new instance in state none, as a run's start or a DAG change creates it. */
    public static TaskInstanceRecord newInstance(Dag dag, DagRunRecord run, TaskSpec task, int priorityWeight) {
        return TaskInstanceRecord.of(
                dag.dagId(),
                run.runId(),
                task.taskId(),
                task.pool(),
                task.poolSlots(),
                priorityWeight,
                InstanceState.created(task.maxTries(), task.type()));
    }

    /** Hands this job's unfinished runs to whichever scheduler runs next, so none stays running forever. */
    private void releaseOwnedRuns() {
        services.store().useTransaction(session -> {
            for (DagRunRecord run : session.runs().lockSchedulable(jobId, List.of(), 100_000)) {
                if (run.ownerJobId() != null
                        && run.ownerJobId() == jobId
                        && !run.state().isFinished()) {
                    session.runs().setOwner(run.id(), null);
                }
            }
        });
    }

    /** Stops the loop and the executor; running tries are stopped and recorded. */
    @Override
    public synchronized void close() {
        state.stop();
        if (executor != null) {
            executor.shutdown("Weir is stopping", Duration.ofSeconds(15));
        }
        if (jobId >= 0) {
            housekeeping.close();
            if (state.scope() == SchedulerScope.OWNED) {
                releaseOwnedRuns();
            }
            services.store().useTransaction(session -> session.jobs()
                    .finish(jobId, services.clock().instant()));
        }
    }
}
