package io.weir.engine.scheduler;

import io.weir.core.dag.Dag;
import io.weir.core.dag.DagFileError;
import io.weir.core.dag.TaskSpec;
import io.weir.core.schedule.DataInterval;
import io.weir.core.state.DagRunState;
import io.weir.core.state.PreviousRun;
import io.weir.core.state.RunDecision;
import io.weir.core.state.RunRules;
import io.weir.core.state.RunType;
import io.weir.core.state.TaskInstanceView;
import io.weir.core.state.TaskState;
import io.weir.engine.EngineServices;
import io.weir.engine.dagbag.DagBag;
import io.weir.engine.executor.LocalExecutor;
import io.weir.engine.executor.TaskKey;
import io.weir.engine.recovery.OrphanRecovery;
import io.weir.engine.runner.TaskRunner;
import io.weir.store.DagRecord;
import io.weir.store.DagRunRecord;
import io.weir.store.DuplicateRunException;
import io.weir.store.MetadataSession;
import io.weir.store.PoolRecord;
import io.weir.store.TaskInstanceRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler loop: creates runs when they fall due, decides which task instances are ready, and hands them to
 * the executor within the limits of parallelism, pools and max_active_tasks.
 *
 * <p>The metadata DB is the only source of truth. A finished try marks its run dirty and wakes the loop at once, so
 * the next task starts within milliseconds; a sweep every second picks up what other processes changed (a clear
 * or a mark from the CLI, a second scheduler). Runs are locked with SKIP LOCKED while they are decided, so several
 * schedulers can share one database.
 */
public final class Scheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
    private static final Duration SWEEP_INTERVAL = Duration.ofSeconds(1);
    private static final int SWEEP_LIMIT = 1000;

    private final EngineServices services;
    private final DagBag dagBag;
    private final SchedulerScope scope;
    private final SchedulerListener listener;
    private final String jobType;
    private final Set<Long> dirtyRuns = ConcurrentHashMap.newKeySet();
    private final Map<Long, Instant> runWakeUps = new ConcurrentHashMap<>();
    private final Map<String, Instant> nextRunCheck = new ConcurrentHashMap<>();
    private final Map<Long, DagRunRecord> knownRuns = new ConcurrentHashMap<>();
    private final Object signal = new Object();
    private boolean signalled;
    private volatile boolean stopping;
    private volatile boolean queueNeeded = true;
    private volatile boolean promotionNeeded = true;
    private Set<String> pausedDags = Set.of();
    private long jobId = -1;
    private LocalExecutor executor;
    private OrphanRecovery recovery;
    private Instant nextSweep = Instant.MIN;
    private Instant nextHeartbeat = Instant.MIN;
    private Instant nextDagRefresh = Instant.MIN;

    public Scheduler(
            EngineServices services, DagBag dagBag, SchedulerScope scope, String jobType, SchedulerListener listener) {
        this.services = services;
        this.dagBag = dagBag;
        this.scope = scope;
        this.jobType = jobType;
        this.listener = listener;
    }

    /** Registers this scheduler's job, recovers what dead jobs left behind and starts the executor. */
    public synchronized long start() {
        if (jobId >= 0) {
            return jobId;
        }
        Instant now = services.clock().instant();
        jobId = services.store().inTransaction(session -> session.jobs()
                .start(jobType, services.hostname(), ProcessHandle.current().pid(), now));
        recovery = new OrphanRecovery(services, jobId, dagBag::find);
        if (scope == SchedulerScope.ALL) {
            recovery.recoverDeadJobs(this::markDirty);
        }
        executor = new LocalExecutor(
                new TaskRunner(services), jobId, services.settings().parallelism(), this::onTaskFinished);
        return jobId;
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
        while (!stopping && !done.getAsBoolean()) {
            Instant wakeAt = step();
            await(wakeAt);
        }
    }

    public void stop() {
        stopping = true;
        wake();
    }

    /** Wakes the loop now (a lost wake-up only costs latency). */
    public void wake() {
        synchronized (signal) {
            signalled = true;
            signal.notifyAll();
        }
    }

    /** Asks the loop to decide this run again soon. */
    public void markDirty(long runId) {
        dirtyRuns.add(runId);
        queueNeeded = true;
        wake();
    }

    /** Asks the loop to start queued runs and check for due runs now (after a trigger or a backfill step). */
    public void runsChanged() {
        promotionNeeded = true;
        nextRunCheck.clear();
        wake();
    }

    /** One pass of the loop; returns when it wants to run again at the latest. */
    Instant step() {
        Instant now = services.clock().instant();
        boolean sweep = !now.isBefore(nextSweep);
        if (scope == SchedulerScope.ALL && !now.isBefore(nextDagRefresh)) {
            refreshDags();
            nextDagRefresh = now.plus(services.settings().dagDirListInterval());
        }
        if (!now.isBefore(nextHeartbeat)) {
            heartbeat(now);
            nextHeartbeat = now.plus(services.settings().heartbeat());
        }
        if (sweep) {
            pausedDags = loadPausedDags();
            checkOwnedInstances();
            promotionNeeded = true;
            queueNeeded = true;
            nextSweep = now.plus(SWEEP_INTERVAL);
        }
        if (scope == SchedulerScope.ALL) {
            createDueRuns(now);
        }
        if (promotionNeeded) {
            promotionNeeded = false;
            startQueuedRuns(now);
        }
        for (Map.Entry<Long, Instant> wakeUp : runWakeUps.entrySet()) {
            if (!wakeUp.getValue().isAfter(now)) {
                runWakeUps.remove(wakeUp.getKey());
                dirtyRuns.add(wakeUp.getKey());
            }
        }
        decideRuns(sweep, now);
        if (queueNeeded) {
            queueNeeded = false;
            queueScheduled(now);
        }
        Instant wakeAt = nextSweep;
        for (Instant at : runWakeUps.values()) {
            if (at.isBefore(wakeAt)) {
                wakeAt = at;
            }
        }
        for (Instant at : nextRunCheck.values()) {
            if (at.isBefore(wakeAt)) {
                wakeAt = at;
            }
        }
        return wakeAt;
    }

    private void await(Instant wakeAt) {
        long millis = Duration.between(services.clock().instant(), wakeAt).toMillis();
        synchronized (signal) {
            if (!signalled && millis > 0 && dirtyRuns.isEmpty()) {
                try {
                    signal.wait(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopping = true;
                }
            }
            signalled = false;
        }
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
        nextRunCheck.clear();
    }

    private void heartbeat(Instant now) {
        services.store().useTransaction(session -> session.jobs().heartbeat(jobId, now));
        if (scope == SchedulerScope.ALL) {
            recovery.recoverDeadJobs(this::markDirty);
        }
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

    /** Stops tries running here whose instance another process cleared or marked. */
    private void checkOwnedInstances() {
        if (executor.running().isEmpty()) {
            return;
        }
        List<TaskInstanceRecord> owned = services.store()
                .inTransaction(session -> session.taskInstances().activeForJobs(List.of(jobId)));
        Set<TaskKey> keys = new HashSet<>();
        for (TaskInstanceRecord instance : owned) {
            keys.add(TaskKey.of(instance));
        }
        executor.cancelAllExcept(keys, "its state was changed by another process (cleared or marked)");
    }

    private void createDueRuns(Instant now) {
        for (Dag dag : dagBag.dags().values()) {
            if (dag.timetable() == null || pausedDags.contains(dag.dagId())) {
                continue;
            }
            Instant checkAt = nextRunCheck.get(dag.dagId());
            if (checkAt != null && checkAt.isAfter(now)) {
                continue;
            }
            Instant next = services.store().inTransaction(session -> createDueRuns(session, dag, now));
            nextRunCheck.put(dag.dagId(), next);
        }
    }

    /** Creates the due runs of one DAG while it has room; returns when to look again. */
    private Instant createDueRuns(MetadataSession session, Dag dag, Instant now) {
        int active = session.runs().count(dag.dagId(), DagRunState.RUNNING)
                + session.runs().count(dag.dagId(), DagRunState.QUEUED);
        while (true) {
            DataInterval last = session.runs()
                    .latestAutomated(dag.dagId())
                    .map(DagRunRecord::dataInterval)
                    .orElse(null);
            Optional<DataInterval> next =
                    dag.timetable().nextInterval(last, dag.startDate(), dag.endDate(), dag.catchup(), now);
            if (next.isEmpty()) {
                return Instant.MAX;
            }
            DataInterval interval = next.get();
            if (interval.end().isAfter(now)) {
                return interval.end();
            }
            if (active >= dag.maxActiveRuns()) {
                // Looked at again when one of its runs finishes.
                return now.plus(Duration.ofMinutes(1));
            }
            DagRunRecord run = new DagRunRecord(
                    0,
                    dag.dagId(),
                    RunType.SCHEDULED.runId(interval.start()),
                    interval.start(),
                    interval,
                    RunType.SCHEDULED,
                    DagRunState.QUEUED,
                    false,
                    "{}",
                    now,
                    null,
                    null,
                    null);
            try {
                session.runs().create(run);
            } catch (DuplicateRunException e) {
                LOG.warn("DAG {}: {}; the scheduled run for that interval is not created", dag.dagId(), e.getMessage());
                return now.plus(Duration.ofMinutes(1));
            }
            active++;
            promotionNeeded = true;
        }
    }

    /** Moves queued runs to running while their DAG is under max_active_runs, oldest logical date first. */
    private void startQueuedRuns(Instant now) {
        List<DagRunRecord> started = services.store().inTransaction(session -> {
            List<DagRunRecord> queued = session.runs().withState(DagRunState.QUEUED);
            List<DagRunRecord> promoted = new ArrayList<>();
            Map<String, Integer> running = new HashMap<>();
            for (DagRunRecord run : queued) {
                if (!mayHandle(run)) {
                    continue;
                }
                Dag dag = dagBag.find(run.dagId()).orElse(null);
                if (dag == null) {
                    continue;
                }
                int active = running.computeIfAbsent(
                        run.dagId(), id -> session.runs().count(id, DagRunState.RUNNING));
                if (active >= dag.maxActiveRuns()) {
                    continue;
                }
                Optional<DagRunRecord> locked = session.runs().lock(run.id());
                if (locked.isEmpty() || locked.get().state() != DagRunState.QUEUED) {
                    continue;
                }
                DagRunRecord runningRun = locked.get().withState(DagRunState.RUNNING, now, null);
                session.runs().update(runningRun);
                running.put(run.dagId(), active + 1);
                promoted.add(runningRun);
            }
            return promoted;
        });
        for (DagRunRecord run : started) {
            knownRuns.put(run.id(), run);
            dirtyRuns.add(run.id());
        }
    }

    private boolean mayHandle(DagRunRecord run) {
        return switch (scope) {
            case ALL -> run.ownerJobId() == null ? !pausedDags.contains(run.dagId()) : run.ownerJobId() == jobId;
            case OWNED -> run.ownerJobId() != null && run.ownerJobId() == jobId;
        };
    }

    private void decideRuns(boolean sweep, Instant now) {
        if (!sweep && dirtyRuns.isEmpty()) {
            return;
        }
        Set<Long> dirty = new HashSet<>(dirtyRuns);
        dirtyRuns.removeAll(dirty);
        List<Runnable> afterCommit = new ArrayList<>();
        services.store().useTransaction(session -> {
            List<DagRunRecord> runs = new ArrayList<>();
            if (sweep) {
                for (DagRunRecord run : session.runs().lockSchedulable(jobId, List.of(), SWEEP_LIMIT)) {
                    if (run.state() == DagRunState.RUNNING && mayHandle(run)) {
                        runs.add(run);
                    }
                }
            } else {
                for (long id : dirty) {
                    session.runs()
                            .lock(id)
                            .filter(run -> run.state() == DagRunState.RUNNING && mayHandle(run))
                            .ifPresent(runs::add);
                }
            }
            for (DagRunRecord run : runs) {
                knownRuns.put(run.id(), run);
                decideRun(session, run, now, afterCommit);
            }
        });
        afterCommit.forEach(Runnable::run);
    }

    private void decideRun(MetadataSession session, DagRunRecord run, Instant now, List<Runnable> afterCommit) {
        Dag dag = dagBag.find(run.dagId()).orElse(null);
        if (dag == null) {
            return;
        }
        List<TaskInstanceRecord> instances = session.taskInstances().forRun(run.dagId(), run.runId());
        PreviousRun previous = previousRun(session, dag, run);
        RunDecision decision = RunRules.decide(dag, views(instances), previous, now);
        if (!decision.missing().isEmpty()) {
            List<TaskInstanceRecord> created = new ArrayList<>();
            Map<String, Integer> weights = dag.effectivePriorityWeights();
            for (String taskId : decision.missing()) {
                created.add(newInstance(dag, run, dag.task(taskId), weights.get(taskId)));
            }
            session.taskInstances().insertAll(created);
            instances = new ArrayList<>(instances);
            instances.addAll(created);
            decision = RunRules.decide(dag, views(instances), previous, now);
        }
        Map<String, TaskInstanceRecord> byTask = new HashMap<>();
        instances.forEach(instance -> byTask.put(instance.taskId(), instance));
        for (Map.Entry<String, TaskState> transition : decision.transitions().entrySet()) {
            TaskInstanceRecord current = byTask.get(transition.getKey());
            TaskInstanceRecord next = transitioned(current, transition.getValue(), now);
            if (session.taskInstances().updateIf(next, current.state(), current.jobId())) {
                byTask.put(next.taskId(), next);
                switch (next.state()) {
                    case SCHEDULED -> queueNeeded = true;
                    case UPSTREAM_FAILED, SKIPPED, REMOVED -> afterCommit.add(() -> listener.taskDecided(next));
                    default -> {}
                }
            }
        }
        if (decision.wakeAt() != null) {
            runWakeUps.put(run.id(), decision.wakeAt());
        }
        if (decision.runState() != null) {
            DagRunRecord finished = run.withState(decision.runState(), run.startDate(), now);
            session.runs().update(finished);
            knownRuns.remove(run.id());
            runWakeUps.remove(run.id());
            nextRunCheck.remove(run.dagId());
            promotionNeeded = true;
            afterCommit.add(() -> listener.runFinished(finished));
        }
    }

    private PreviousRun previousRun(MetadataSession session, Dag dag, DagRunRecord run) {
        boolean needed =
                dag.tasks().values().stream().anyMatch(task -> task.dependsOnPast() || task.waitForDownstream());
        if (!needed) {
            return null;
        }
        Optional<DagRunRecord> previous = session.runs().previous(dag.dagId(), run.logicalDate());
        if (previous.isEmpty()) {
            return null;
        }
        Map<String, TaskState> states = new HashMap<>();
        for (TaskInstanceRecord instance :
                session.taskInstances().forRun(dag.dagId(), previous.get().runId())) {
            states.put(instance.taskId(), instance.state());
        }
        return new PreviousRun(states, previous.get().state().isFinished());
    }

    private static List<TaskInstanceView> views(List<TaskInstanceRecord> instances) {
        List<TaskInstanceView> views = new ArrayList<>(instances.size());
        for (TaskInstanceRecord instance : instances) {
            views.add(new TaskInstanceView(
                    instance.taskId(), instance.state(), instance.tryNumber(), instance.nextRetryAt()));
        }
        return views;
    }

    /** A new instance in state none, as a run's start or a DAG change creates it. */
    public static TaskInstanceRecord newInstance(Dag dag, DagRunRecord run, TaskSpec task, int priorityWeight) {
        return new TaskInstanceRecord(
                dag.dagId(),
                run.runId(),
                task.taskId(),
                TaskState.NONE,
                0,
                task.maxTries(),
                null,
                null,
                null,
                null,
                task.pool(),
                task.poolSlots(),
                priorityWeight,
                task.type(),
                null,
                null,
                null,
                null);
    }

    private static TaskInstanceRecord transitioned(TaskInstanceRecord current, TaskState state, Instant now) {
        boolean finished = state.isFinished();
        return new TaskInstanceRecord(
                current.dagId(),
                current.runId(),
                current.taskId(),
                state,
                current.tryNumber(),
                current.maxTries(),
                current.queuedAt(),
                finished && current.startDate() == null ? now : current.startDate(),
                finished ? now : current.endDate(),
                null,
                current.pool(),
                current.poolSlots(),
                current.priorityWeight(),
                current.operator(),
                current.hostname(),
                current.jobId(),
                current.pid(),
                current.pidStartedAt());
    }

    /** Hands scheduled instances to the executor, highest priority first, within every limit. */
    private void queueScheduled(Instant now) {
        if (executor.freeSlots() <= 0) {
            return;
        }
        record Dispatch(Dag dag, DagRunRecord run, TaskInstanceRecord instance) {}
        List<Dispatch> dispatches = services.store().inTransaction(session -> {
            List<TaskInstanceRecord> scheduled = session.taskInstances().withStates(List.of(TaskState.SCHEDULED));
            if (scheduled.isEmpty()) {
                return List.<Dispatch>of();
            }
            Map<String, DagRunRecord> runs = new HashMap<>();
            for (DagRunRecord run : knownRuns.values()) {
                runs.put(run.dagId() + "\u0000" + run.runId(), run);
            }
            List<Dispatch> candidates = new ArrayList<>();
            for (TaskInstanceRecord instance : scheduled) {
                String key = instance.dagId() + "\u0000" + instance.runId();
                DagRunRecord run = runs.computeIfAbsent(key, ignored -> session.runs()
                        .find(instance.dagId(), instance.runId())
                        .orElse(null));
                Dag dag = dagBag.find(instance.dagId()).orElse(null);
                if (run == null
                        || dag == null
                        || run.state() != DagRunState.RUNNING
                        || !mayHandle(run)
                        || dag.task(instance.taskId()) == null) {
                    continue;
                }
                candidates.add(new Dispatch(dag, run, instance));
            }
            candidates.sort(
                    Comparator.comparingInt((Dispatch d) -> -d.instance().priorityWeight())
                            .thenComparing(d -> d.run().logicalDate())
                            .thenComparing(d -> d.instance().taskId()));
            Map<String, Integer> poolUse = new HashMap<>(session.taskInstances().occupiedPoolSlots());
            Map<String, Integer> dagUse = new HashMap<>(session.taskInstances().activeCountByDag());
            Map<String, Integer> poolSlots = new HashMap<>();
            for (PoolRecord pool : session.pools().list()) {
                poolSlots.put(pool.name(), pool.slots());
            }
            int free = executor.freeSlots();
            List<Dispatch> queued = new ArrayList<>();
            for (Dispatch candidate : candidates) {
                if (free <= 0) {
                    break;
                }
                TaskInstanceRecord instance = candidate.instance();
                int slots = poolSlots.getOrDefault(
                        instance.pool(), services.settings().defaultPoolSlots());
                if (poolUse.getOrDefault(instance.pool(), 0) + instance.poolSlots() > slots) {
                    continue;
                }
                if (dagUse.getOrDefault(instance.dagId(), 0) >= candidate.dag().maxActiveTasks()) {
                    continue;
                }
                TaskInstanceRecord next = new TaskInstanceRecord(
                        instance.dagId(),
                        instance.runId(),
                        instance.taskId(),
                        TaskState.QUEUED,
                        instance.tryNumber(),
                        instance.maxTries(),
                        now,
                        null,
                        null,
                        null,
                        instance.pool(),
                        instance.poolSlots(),
                        instance.priorityWeight(),
                        candidate.dag().task(instance.taskId()).type(),
                        services.hostname(),
                        jobId,
                        null,
                        null);
                if (session.taskInstances().updateIf(next, TaskState.SCHEDULED, null)) {
                    poolUse.merge(instance.pool(), instance.poolSlots(), Integer::sum);
                    dagUse.merge(instance.dagId(), 1, Integer::sum);
                    free--;
                    queued.add(new Dispatch(candidate.dag(), candidate.run(), next));
                }
            }
            return queued;
        });
        for (Dispatch dispatch : dispatches) {
            executor.submit(dispatch.dag(), dispatch.run(), dispatch.instance());
        }
    }

    private void onTaskFinished(LocalExecutor.Finished finished) {
        finished.instance().ifPresent(listener::taskFinished);
        markDirty(finished.run().id());
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
        stopping = true;
        wake();
        if (executor != null) {
            executor.shutdown("Weir is stopping", Duration.ofSeconds(15));
        }
        if (jobId >= 0) {
            recovery.releaseOwnInstances();
            if (scope == SchedulerScope.OWNED) {
                releaseOwnedRuns();
            }
            services.store().useTransaction(session -> session.jobs()
                    .finish(jobId, services.clock().instant()));
        }
    }
}
