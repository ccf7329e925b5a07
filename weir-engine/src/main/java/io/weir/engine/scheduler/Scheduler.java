package io.weir.engine.scheduler;

import io.weir.core.dag.Dag;
import io.weir.core.dag.DagFileError;
import io.weir.core.dag.TaskSpec;
import io.weir.core.state.DagRunState;
import io.weir.core.state.InstanceState;
import io.weir.core.state.PreviousRun;
import io.weir.core.state.RunDecision;
import io.weir.core.state.RunRules;
import io.weir.core.state.TaskEvent;
import io.weir.core.state.TaskInstanceView;
import io.weir.core.state.TaskState;
import io.weir.engine.EngineServices;
import io.weir.engine.dagbag.DagBag;
import io.weir.engine.executor.Dispatch;
import io.weir.engine.executor.Executor;
import io.weir.engine.executor.ExecutorFactory;
import io.weir.engine.executor.FinishHook;
import io.weir.engine.executor.TaskKey;
import io.weir.engine.executor.TryClaims;
import io.weir.engine.executor.TryEnded;
import io.weir.engine.executor.TryEvents;
import io.weir.engine.executor.TryResult;
import io.weir.engine.recovery.OrphanRecovery;
import io.weir.store.DagRecord;
import io.weir.store.DagRunRecord;
import io.weir.store.MetadataSession;
import io.weir.store.PoolRecord;
import io.weir.store.TaskInstanceRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;
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

    private final EngineServices services;
    private final DagBag dagBag;
    private final SchedulerScope scope;
    private final SchedulerListener listener;
    private final String jobType;
    private final Set<Long> dirtyRuns = ConcurrentHashMap.newKeySet();
    private final Map<Long, Instant> runWakeUps = new ConcurrentHashMap<>();
    private final RunCreation runCreation;
    private final Map<Long, Instant> lastDecided = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> leavesByDag = new ConcurrentHashMap<>();
    private final Backlog backlog = new Backlog();
    /**
     * Instances this process counts against pools and max_active_tasks that the metadata DB does not count yet:
     * handed to a worker still scheduled (the worker claims them as it starts), or claimed in a transaction that has
     * not committed. Added under {@link #limitsLock} together with the check of the limits.
     */
    private final Map<TaskKey, Dispatch> handedOut = new ConcurrentHashMap<>();
    /** Instances handed to or claimed for a worker here, until their try has ended: each is run once at a time. */
    private final Set<TaskKey> inFlight = ConcurrentHashMap.newKeySet();

    private final Object limitsLock = new Object();

    private final Map<Long, Integer> triesByRun = new HashMap<>();
    private final Object signal = new Object();
    private boolean signalled;
    private volatile boolean stopping;
    private volatile boolean queueNeeded = true;
    private volatile boolean promotionNeeded = true;
    /** Written by the loop at each sweep, read by worker threads deciding a run: an immutable set, published whole. */
    private volatile Set<String> pausedDags = Set.of();

    private long jobId = -1;
    private final ExecutorFactory executors;
    private final TryClaims claims;
    private Executor executor;
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
        this.executors = executors;
        this.claims = new TryClaims(services.hostname());
        this.runCreation = new RunCreation(services, dagBag);
        this.dagBag = dagBag;
        this.scope = scope;
        this.jobType = jobType;
        this.listener = guarded(listener);
    }

    /** Registers this scheduler's job, recovers what dead jobs left behind and starts the executor. */
    public synchronized long start() {
        if (jobId >= 0) {
            return jobId;
        }
        Instant now = services.clock().instant();
        jobId = services.store().inTransaction(session -> session.jobs()
                .start(jobType, services.hostname(), ProcessHandle.current().pid(), now));
        housekeeping = new Housekeeping(
                services,
                jobId,
                new OrphanRecovery(services, jobId, dagBag::find),
                scope == SchedulerScope.ALL,
                this::markDirty);
        housekeeping.recoverDeadJobs();
        executor = executors.start(jobId, new WorkerCompletion());
        if (scope == SchedulerScope.ALL) {
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

    /**
     * The listener, each call of it guarded: a listener that fails (a console that cannot print) costs one log line,
     * never a worker thread or a state change already committed.
     */
    private static SchedulerListener guarded(SchedulerListener listener) {
        return new SchedulerListener() {
            @Override
            public void taskFinished(TaskInstanceRecord instance) {
                call(() -> listener.taskFinished(instance), "the end of task " + instance.taskId());
            }

            @Override
            public void taskDecided(TaskInstanceRecord instance) {
                call(() -> listener.taskDecided(instance), "task " + instance.taskId());
            }

            @Override
            public void runFinished(DagRunRecord run) {
                call(() -> listener.runFinished(run), "the end of run " + run.runId());
            }

            @Override
            public void importErrorsChanged(List<DagFileError> errors) {
                call(() -> listener.importErrorsChanged(errors), "the DAG folder's import errors");
            }

            @Override
            public void loopFinished(Duration took) {
                call(() -> listener.loopFinished(took), "the end of a loop");
            }

            private void call(Runnable notification, String what) {
                try {
                    notification.run();
                } catch (RuntimeException e) {
                    LOG.warn("A listener failed on {}: {}", what, e.toString());
                }
            }
        };
    }

    /** Runs the loop until {@link #stop()}. */
    public void run() {
        runUntil(() -> false);
    }

    /** Runs the loop until {@code done} says so or {@link #stop()} is called. */
    public void runUntil(BooleanSupplier done) {
        start();
        while (!stopping && !done.getAsBoolean()) {
            long started = System.nanoTime();
            Instant wakeAt = step();
            listener.loopFinished(Duration.ofNanos(System.nanoTime() - started));
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
        runCreation.checkAllSoon();
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
            housekeeping.heartbeat(now);
            nextHeartbeat = now.plus(services.settings().heartbeat());
        }
        if (sweep) {
            pausedDags = loadPausedDags();
            checkOwnedInstances();
            promotionNeeded = true;
            queueNeeded = true;
            nextSweep = now.plus(SWEEP_INTERVAL);
        }
        if (scope == SchedulerScope.ALL && runCreation.createDueRuns(now, pausedDags)) {
            promotionNeeded = true;
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
        if (sweep) {
            reloadBacklog();
        }
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
        return runCreation.nextCheckBefore(wakeAt);
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
        return Set.copyOf(paused);
    }

    /** Stops tries running here whose instance another process cleared or marked. */
    private void checkOwnedInstances() {
        // Tries that start after this snapshot are not judged by the query below, which cannot know them yet.
        Set<TaskKey> tries = executor.running();
        if (tries.isEmpty()) {
            return;
        }
        // Nor are tries still claiming their instance; one that claims after the query was unclaimed before it.
        Set<TaskKey> claiming = Set.copyOf(handedOut.keySet());
        List<TaskInstanceRecord> owned = services.store()
                .inTransaction(session -> session.taskInstances().activeForJobs(List.of(jobId)));
        Set<TaskKey> keys = new HashSet<>(claiming);
        for (TaskInstanceRecord instance : owned) {
            keys.add(TaskKey.of(instance));
        }
        for (TaskKey key : tries) {
            if (!keys.contains(key)) {
                executor.cancel(key, "its state was changed by another process (cleared or marked)");
            }
        }
    }

    /** Starts the queued runs this scheduler may handle while their DAG has room, and decides them. */
    private void startQueuedRuns(Instant now) {
        List<DagRunRecord> started = runCreation.startQueuedRuns(now, this::mayHandle);
        for (DagRunRecord run : started) {
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
        if (sweep) {
            // The sweep catches what other processes changed; runs decided a moment ago need no second look.
            Instant recent = now.minus(SWEEP_INTERVAL.multipliedBy(2));
            for (DagRunRecord run :
                    services.store().inTransaction(session -> session.runs().withState(DagRunState.RUNNING))) {
                Instant decided = lastDecided.get(run.id());
                if (mayHandle(run) && (decided == null || decided.isBefore(recent))) {
                    dirty.add(run.id());
                }
            }
        }
        services.store().useTransaction(session -> {
            List<DagRunRecord> runs = new ArrayList<>();
            for (long id : dirty) {
                session.runs()
                        .lock(id)
                        .filter(run -> run.state() == DagRunState.RUNNING && mayHandle(run))
                        .ifPresent(runs::add);
            }
            for (DagRunRecord run : runs) {
                List<Dispatch> scheduled =
                        decideRun(session, run, now, afterCommit, null).scheduled();
                if (!scheduled.isEmpty()) {
                    afterCommit.add(() -> addToBacklog(scheduled));
                }
            }
        });
        afterCommit.forEach(Runnable::run);
    }

    /**
     * What deciding a run readied: instances now scheduled (to queue once the transaction commits) and, when asked,
     * one ready instance claimed at once (running) for the calling worker.
     */
    private record Decided(List<Dispatch> scheduled, Optional<Dispatch> claimed) {}

    /**
     * Decides one locked run. With {@code reserved} (a finishing try's), the first ready instance the limits allow
     * goes straight to running for the calling worker, and its key is added to {@code reserved} for the caller to
     * settle once the transaction has ended.
     */
    private Decided decideRun(
            MetadataSession session,
            DagRunRecord run,
            Instant now,
            List<Runnable> afterCommit,
            List<TaskKey> reserved) {
        Dag dag = dagBag.find(run.dagId()).orElse(null);
        List<Dispatch> scheduled = new ArrayList<>();
        if (dag == null) {
            return new Decided(scheduled, Optional.empty());
        }
        lastDecided.put(run.id(), now);
        List<TaskInstanceRecord> instances = session.taskInstances().forRun(run.dagId(), run.runId());
        PreviousRun previous = previousRun(session, dag, run);
        RunDecision decision = RunRules.decide(dag, views(instances), previous, now);
        Map<String, TaskInstanceRecord> byTask = new HashMap<>();
        instances.forEach(instance -> byTask.put(instance.taskId(), instance));
        if (!decision.missing().isEmpty()) {
            Map<String, TaskInstanceRecord> created = new LinkedHashMap<>();
            Map<String, Integer> weights = dag.effectivePriorityWeights();
            for (String taskId : decision.missing()) {
                created.put(taskId, newInstance(dag, run, dag.task(taskId), weights.get(taskId)));
            }
            instances = new ArrayList<>(instances);
            instances.addAll(created.values());
            decision = RunRules.decide(dag, views(instances), previous, now);
            // New instances are written in the state just decided for them: one insert each instead of an insert and
            // an update, which in one large transaction (a run of thousands of tasks) H2 makes quadratic.
            List<TaskInstanceRecord> inserted = new ArrayList<>();
            for (TaskInstanceRecord instance : created.values()) {
                TaskState decided = decision.transitions().get(instance.taskId());
                TaskInstanceRecord row = decided == null ? instance : decided(instance, decided, now);
                inserted.add(row);
                byTask.put(row.taskId(), row);
                if (decided == TaskState.SCHEDULED) {
                    scheduled.add(new Dispatch(dag, run, row));
                } else if (decided == TaskState.UPSTREAM_FAILED
                        || decided == TaskState.SKIPPED
                        || decided == TaskState.REMOVED) {
                    afterCommit.add(() -> listener.taskDecided(row));
                }
            }
            session.taskInstances().insertAll(inserted);
        }
        List<TaskInstanceRecord> ready = new ArrayList<>();
        for (Map.Entry<String, TaskState> transition : decision.transitions().entrySet()) {
            TaskInstanceRecord current = byTask.get(transition.getKey());
            if (current.state() == transition.getValue()) {
                continue;
            }
            if (transition.getValue() == TaskState.SCHEDULED) {
                ready.add(current);
                continue;
            }
            Optional<TaskInstanceRecord> written =
                    session.apply(current, new TaskEvent.Decide(transition.getValue(), now));
            if (written.isPresent()) {
                TaskInstanceRecord next = written.get();
                byTask.put(next.taskId(), next);
                switch (next.state()) {
                    case UPSTREAM_FAILED, SKIPPED, REMOVED -> afterCommit.add(() -> listener.taskDecided(next));
                    default -> {}
                }
            }
        }
        ready.sort(Comparator.comparingInt((TaskInstanceRecord instance) -> -instance.priorityWeight())
                .thenComparing(TaskInstanceRecord::taskId));
        Optional<Dispatch> claimed = Optional.empty();
        boolean mayClaim = reserved != null && !stopping;
        for (TaskInstanceRecord current : ready) {
            TaskInstanceRecord next = decided(current, TaskState.SCHEDULED, now);
            if (mayClaim && claimed.isEmpty()) {
                if (!reserve(session, new Dispatch(dag, run, next))) {
                    // The limits are reached: the rest go to the backlog, without counting again for each.
                    mayClaim = false;
                } else {
                    // Straight to running on the calling worker: one write instead of scheduled, then running.
                    TaskKey key = TaskKey.of(next);
                    reserved.add(key);
                    Optional<TaskInstanceRecord> running =
                            claims.claimIn(session, current, dag.task(current.taskId()), jobId, now);
                    if (running.isPresent()) {
                        byTask.put(current.taskId(), running.get());
                        claimed = Optional.of(new Dispatch(dag, run, running.get()));
                        continue;
                    }
                    release(key);
                    reserved.remove(key);
                }
            }
            Optional<TaskInstanceRecord> written =
                    session.apply(current, new TaskEvent.Decide(TaskState.SCHEDULED, now));
            if (written.isPresent()) {
                byTask.put(next.taskId(), written.get());
                scheduled.add(new Dispatch(dag, run, written.get()));
            }
        }
        if (decision.wakeAt() != null) {
            runWakeUps.put(run.id(), decision.wakeAt());
        }
        if (decision.runState() != null) {
            DagRunRecord finished = run.withState(decision.runState(), run.startDate(), now);
            session.runs().update(finished);
            lastDecided.remove(run.id());
            runWakeUps.remove(run.id());
            runCreation.checkSoon(run.dagId());
            promotionNeeded = true;
            afterCommit.add(() -> listener.runFinished(finished));
        }
        return new Decided(scheduled, claimed);
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
        return TaskInstanceRecord.of(
                dag.dagId(),
                run.runId(),
                task.taskId(),
                task.pool(),
                task.poolSlots(),
                priorityWeight,
                InstanceState.created(task.maxTries(), task.type()));
    }

    /** {@code current} as the trigger rules decided it, not yet written. */
    private static TaskInstanceRecord decided(TaskInstanceRecord current, TaskState state, Instant now) {
        return current.transition(new TaskEvent.Decide(state, now))
                .orElseThrow(() -> new IllegalStateException(
                        "task " + current.taskId() + " cannot go from " + current.state() + " to " + state))
                .next();
    }

    private void addToBacklog(List<Dispatch> scheduled) {
        backlog.addAll(scheduled);
        queueNeeded = true;
        wake();
    }

    /** Reloads the backlog from the metadata DB: every scheduled instance of the runs this job may handle. */
    private void reloadBacklog() {
        List<Dispatch> found = services.store().inTransaction(session -> {
            List<Dispatch> dispatches = new ArrayList<>();
            Map<String, DagRunRecord> runs = new HashMap<>();
            for (TaskInstanceRecord instance : session.taskInstances().withStates(List.of(TaskState.SCHEDULED))) {
                DagRunRecord run =
                        runs.computeIfAbsent(instance.dagId() + "\u0000" + instance.runId(), ignored -> session.runs()
                                .find(instance.dagId(), instance.runId())
                                .orElse(null));
                Dag dag = dagBag.find(instance.dagId()).orElse(null);
                if (run != null
                        && dag != null
                        && run.state() == DagRunState.RUNNING
                        && mayHandle(run)
                        && dag.task(instance.taskId()) != null) {
                    dispatches.add(new Dispatch(dag, run, instance));
                }
            }
            return dispatches;
        });
        // An instance read as scheduled may have gone to a worker since (a worker claims it as it starts): it is not
        // waiting any more. One whose try even ended meanwhile would be handed out again and refused by its claim.
        found.removeIf(dispatch -> inFlight.contains(TaskKey.of(dispatch.instance())));
        backlog.replaceAll(found);
        queueNeeded = true;
        wake();
    }

    /**
     * Hands scheduled instances to the executor, highest priority first, within every limit. An instance goes to its
     * worker still scheduled and becomes running in the worker's first write: one write per try instead of one to
     * queue it and one to start it. Should this process die in between, the instance is simply still scheduled.
     */
    private void queueScheduled(Instant now) {
        if (backlog.isEmpty() || executor.freeSlots() <= 0) {
            return;
        }
        List<Dispatch> candidates = backlog.inOrder();
        List<Dispatch> taken = new ArrayList<>();
        Consumer<Limits> pick = limits -> {
            int free = executor.freeSlots();
            for (Dispatch candidate : candidates) {
                if (free <= 0) {
                    break;
                }
                TaskKey key = TaskKey.of(candidate.instance());
                if (inFlight.contains(key)) {
                    // A worker has it already (a stale copy the last reload put back).
                    backlog.remove(candidate);
                } else if (limits.allow(candidate) && inFlight.add(key)) {
                    limits.take(candidate);
                    handedOut.put(key, candidate);
                    free--;
                    taken.add(candidate);
                }
            }
        };
        try {
            if (candidates.stream().anyMatch(this::counted)) {
                // The connection first, then the lock: workers holding connections wait for the lock, never the
                // reverse.
                services.store().useTransaction(session -> {
                    synchronized (limitsLock) {
                        pick.accept(new Limits(session));
                    }
                });
            } else {
                synchronized (limitsLock) {
                    pick.accept(new Limits(null));
                }
            }
        } catch (RuntimeException e) {
            taken.forEach(dispatch -> release(TaskKey.of(dispatch.instance())));
            throw e;
        }
        for (Dispatch dispatch : taken) {
            backlog.remove(dispatch);
            tryStarted(dispatch.run().id());
            executor.submit(dispatch);
        }
    }

    /**
     * Takes {@code candidate} for a worker of this process if every limit allows it and no worker here has it: it
     * counts against the limits from now on, until {@link #release} or until the database counts its claim.
     */
    private boolean reserve(MetadataSession session, Dispatch candidate) {
        TaskKey key = TaskKey.of(candidate.instance());
        synchronized (limitsLock) {
            if (inFlight.contains(key) || !new Limits(session).allow(candidate) || !inFlight.add(key)) {
                return false;
            }
            handedOut.put(key, candidate);
            return true;
        }
    }

    /** Gives up a reservation whose claim did not happen. */
    private void release(TaskKey key) {
        handedOut.remove(key);
        inFlight.remove(key);
    }

    /** Whether handing out {@code candidate} needs the metadata DB's count of its pool or of its DAG's active tasks. */
    private boolean counted(Dispatch candidate) {
        return poolMatters(candidate.instance()) || capMatters(candidate.dag());
    }

    /** Whether max_active_tasks can be reached: it spans every active run of the DAG. */
    private static boolean capMatters(Dag dag) {
        return dag.maxActiveTasks() < (long) dag.tasks().size() * dag.maxActiveRuns();
    }

    /** The default pool cannot be exceeded by this executor alone, so it needs no count. */
    private boolean poolMatters(TaskInstanceRecord instance) {
        return !instance.pool().equals(PoolRecord.DEFAULT_POOL)
                || services.settings().defaultPoolSlots() < services.settings().parallelism();
    }

    /**
     * Pool slots and max_active_tasks as the metadata DB counts them, plus the instances handed to this executor and
     * not yet claimed, for one queueing pass. An instance claimed a moment ago may count twice; none counts never.
     */
    private final class Limits {
        private final MetadataSession session;
        private Map<String, Integer> poolUse;
        private Map<String, Integer> poolSlots;
        private Map<String, Integer> dagUse;

        /** @param session where to count, or null when no candidate needs a count */
        Limits(MetadataSession session) {
            this.session = session;
        }

        boolean allow(Dispatch candidate) {
            TaskInstanceRecord instance = candidate.instance();
            if (poolMatters(instance)) {
                if (poolUse == null) {
                    // Handed out first: an instance claimed after this snapshot is in one of the two counts at least.
                    List<Dispatch> pending = List.copyOf(handedOut.values());
                    poolUse = new HashMap<>(session.taskInstances().occupiedPoolSlots());
                    poolSlots = new HashMap<>();
                    for (PoolRecord pool : session.pools().list()) {
                        poolSlots.put(pool.name(), pool.slots());
                    }
                    pending.forEach(dispatch -> poolUse.merge(
                            dispatch.instance().pool(), dispatch.instance().poolSlots(), Integer::sum));
                }
                int slots = poolSlots.getOrDefault(
                        instance.pool(), services.settings().defaultPoolSlots());
                if (poolUse.getOrDefault(instance.pool(), 0) + instance.poolSlots() > slots) {
                    return false;
                }
            }
            if (capMatters(candidate.dag())) {
                if (dagUse == null) {
                    List<Dispatch> pending = List.copyOf(handedOut.values());
                    dagUse = new HashMap<>(session.taskInstances().activeCountByDag());
                    pending.forEach(dispatch -> dagUse.merge(dispatch.instance().dagId(), 1, Integer::sum));
                }
                return dagUse.getOrDefault(instance.dagId(), 0)
                        < candidate.dag().maxActiveTasks();
            }
            return true;
        }

        void take(Dispatch candidate) {
            TaskInstanceRecord instance = candidate.instance();
            if (poolUse != null) {
                poolUse.merge(instance.pool(), instance.poolSlots(), Integer::sum);
            }
            if (dagUse != null) {
                dagUse.merge(instance.dagId(), 1, Integer::sum);
            }
        }
    }

    /**
     * What happens on a worker thread when a try ends: in the try's own transaction its run is decided at once and a
     * downstream instance that became ready is claimed for the same thread, so it starts without waiting for the
     * loop. Other ready instances go to the backlog. When the run is locked by someone else, the loop decides it.
     */
    private final class WorkerCompletion implements TryEvents {
        @Override
        public FinishHook hookFor(Dispatch dispatch) {
            return new FollowUpHook(dispatch.run(), TaskKey.of(dispatch.instance()));
        }

        @Override
        public Optional<Dispatch> ended(TryEnded finished, FinishHook hook, TryResult result) {
            // First: an instance its own try scheduled again (a retry without delay) may be handed out at once.
            inFlight.remove(finished.key());
            finished.instance().ifPresent(listener::taskFinished);
            boolean dirty = true;
            boolean deferred = false;
            if (hook instanceof FollowUpHook followUp) {
                // The claims made in the finishing transaction: committed, the database counts them now.
                followUp.reserved.forEach(handedOut::remove);
                if (result.hookCommitted()) {
                    followUp.afterCommit.forEach(Runnable::run);
                    dirty = followUp.dirty;
                    deferred = followUp.deferred;
                } else {
                    followUp.reserved.forEach(inFlight::remove);
                    if (followUp.fromBacklog != null) {
                        // The instance it took from the backlog was not claimed after all: it waits again.
                        addToBacklog(List.of(followUp.fromBacklog));
                    }
                }
            }
            result.next().ifPresent(next -> tryStarted(next.run().id()));
            // The last try of a run to end here decides it when it left that to others still in flight.
            if (tryEnded(finished.run().id()) == 0 && deferred) {
                dirty = true;
            }
            if (dirty) {
                markDirty(finished.run().id());
            }
            return result.next();
        }

        @Override
        public void slotFreed() {
            // Let the loop hand the free worker the next instance waiting in the backlog.
            queueNeeded = true;
            wake();
        }
    }

    private final class FollowUpHook implements FinishHook {
        private final DagRunRecord run;
        private final TaskKey key;
        private final List<Runnable> afterCommit = new ArrayList<>();
        private final List<TaskKey> reserved = new ArrayList<>();
        private boolean dirty;
        private boolean deferred;
        private Dispatch fromBacklog;

        FollowUpHook(DagRunRecord run, TaskKey key) {
            this.run = run;
            this.key = key;
        }

        @Override
        public void claimSettled() {
            handedOut.remove(key);
        }

        @Override
        public Optional<Dispatch> claimWithEnd(TaskInstanceRecord finished) {
            // Only where afterFinish would neither lock nor count: a leaf whose run others here still finish, and a
            // backlog head that no pool or max_active_tasks count limits, at its first try (no XComs to clear). It
            // is reserved here as claimFromBacklog reserves it; the runner writes the claim.
            if (!othersInFlight(run, finished)) {
                return Optional.empty();
            }
            Dispatch head =
                    takeHead(null, this, candidate -> candidate.instance().tryNumber() == 0 && !counted(candidate));
            if (head == null) {
                return Optional.empty();
            }
            dirty = false;
            deferred = true;
            return Optional.of(head);
        }

        @Override
        public void claimWritten(boolean claimed) {
            if (!claimed && fromBacklog != null) {
                untake(this);
            }
        }

        @Override
        public Optional<Dispatch> afterFinish(MetadataSession session, TaskInstanceRecord finished) {
            if (stopping) {
                return Optional.empty();
            }
            afterCommit.clear();
            fromBacklog = null;
            FollowUp followUp = followUp(session, run, finished, afterCommit, reserved);
            dirty = followUp.dirty();
            deferred = followUp.deferred();
            if (followUp.next().isPresent()) {
                return followUp.next();
            }
            return claimFromBacklog(session, this);
        }
    }

    /**
     * The backlog's first instance, claimed in a finishing try's transaction for the same worker when every limit
     * allows it: it starts at once, without a trip through the loop or a transaction of its own.
     */
    private Optional<Dispatch> claimFromBacklog(MetadataSession session, FollowUpHook hook) {
        Dispatch head = takeHead(session, hook, candidate -> true);
        if (head == null) {
            return Optional.empty();
        }
        TaskInstanceRecord instance = head.instance();
        Optional<TaskInstanceRecord> running = claims.claimIn(
                session,
                instance,
                head.dag().task(instance.taskId()),
                jobId,
                services.clock().instant());
        if (running.isEmpty()) {
            untake(hook);
            return Optional.empty();
        }
        return Optional.of(new Dispatch(head.dag(), head.run(), running.get()));
    }

    /**
     * The backlog's first instance that no worker here has and that {@code eligible} accepts, reserved for the hook's
     * worker within every limit ({@code session} counts them where a limit needs it); null when there is none.
     */
    private Dispatch takeHead(MetadataSession session, FollowUpHook hook, Predicate<Dispatch> eligible) {
        Dispatch head = backlog.first();
        while (head != null && inFlight.contains(TaskKey.of(head.instance()))) {
            // A worker has it already (a stale copy the last reload put back).
            backlog.remove(head);
            head = backlog.first();
        }
        if (stopping || head == null || !eligible.test(head) || !reserve(session, head)) {
            return null;
        }
        hook.reserved.add(TaskKey.of(head.instance()));
        backlog.remove(head);
        hook.fromBacklog = head;
        return head;
    }

    /** Gives up the instance {@link #takeHead} reserved, whose claim was refused: cleared or marked meanwhile. */
    private void untake(FollowUpHook hook) {
        TaskKey key = TaskKey.of(hook.fromBacklog.instance());
        hook.reserved.remove(key);
        hook.fromBacklog = null;
        release(key);
    }

    /**
     * What a finishing try does next: the instance it claimed, whether the loop must decide the run, and whether it
     * left deciding the run to the last of its instances in flight here.
     */
    private record FollowUp(Optional<Dispatch> next, boolean dirty, boolean deferred) {
        static final FollowUp NOTHING = new FollowUp(Optional.empty(), false, false);
        static final FollowUp DIRTY = new FollowUp(Optional.empty(), true, false);
        static final FollowUp DEFERRED = new FollowUp(Optional.empty(), false, true);
    }

    private FollowUp followUp(
            MetadataSession session,
            DagRunRecord run,
            TaskInstanceRecord finished,
            List<Runnable> afterCommit,
            List<TaskKey> reserved) {
        if (othersInFlight(run, finished)) {
            // A leaf readies nothing, and its run cannot end while other instances of it run or wait here: no lock,
            // no count. The last try of the run to end marks it for the loop.
            return FollowUp.DEFERRED;
        }
        Optional<DagRunRecord> locked = session.runs().lock(run.id());
        if (locked.isEmpty()) {
            return FollowUp.DIRTY;
        }
        DagRunRecord current = locked.get();
        Dag dag = dagBag.find(current.dagId()).orElse(null);
        if (current.state() != DagRunState.RUNNING || !mayHandle(current) || dag == null) {
            return FollowUp.NOTHING;
        }
        Instant now = services.clock().instant();
        if (leaves(dag).contains(finished.taskId())) {
            // A leaf readies nothing; only the run's end can follow, once nothing else is unfinished.
            if (finished.state() == TaskState.UP_FOR_RETRY && finished.nextRetryAt() != null) {
                runWakeUps.merge(run.id(), finished.nextRetryAt(), (a, b) -> a.isBefore(b) ? a : b);
                wake();
                return FollowUp.NOTHING;
            }
            if (session.taskInstances().countUnfinished(current.dagId(), current.runId()) > 0) {
                return FollowUp.NOTHING;
            }
        }
        Decided decided = decideRun(session, current, now, afterCommit, reserved);
        if (!decided.scheduled().isEmpty()) {
            List<Dispatch> rest = List.copyOf(decided.scheduled());
            afterCommit.add(() -> addToBacklog(rest));
        }
        return new FollowUp(decided.claimed(), false, false);
    }

    /** Whether {@code finished} is a leaf that ended for good while other instances of its run run or wait here. */
    private boolean othersInFlight(DagRunRecord run, TaskInstanceRecord finished) {
        if (finished.state() == TaskState.UP_FOR_RETRY) {
            return false;
        }
        Dag dag = dagBag.find(run.dagId()).orElse(null);
        if (dag == null || !leaves(dag).contains(finished.taskId())) {
            return false;
        }
        synchronized (triesByRun) {
            if (triesByRun.getOrDefault(run.id(), 0) > 1) {
                return true;
            }
        }
        return backlog.holdsRun(run.id());
    }

    /** A try of the run went to a worker: handed out by the loop or claimed by a finishing try for its thread. */
    private void tryStarted(long runId) {
        synchronized (triesByRun) {
            triesByRun.merge(runId, 1, Integer::sum);
        }
    }

    /** A try of the run ended and its outcome is committed; returns how many tries of the run remain here. */
    private int tryEnded(long runId) {
        synchronized (triesByRun) {
            Integer left = triesByRun.computeIfPresent(runId, (id, count) -> count > 1 ? count - 1 : null);
            return left == null ? 0 : left;
        }
    }

    private Set<String> leaves(Dag dag) {
        return leavesByDag.computeIfAbsent(dag.dagId() + "\u0000" + dag.fingerprint(), key -> dag.leaves());
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
            housekeeping.close();
            if (scope == SchedulerScope.OWNED) {
                releaseOwnedRuns();
            }
            services.store().useTransaction(session -> session.jobs()
                    .finish(jobId, services.clock().instant()));
        }
    }
}
