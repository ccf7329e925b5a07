package io.weir.engine.scheduler;

import io.weir.core.dag.Dag;
import io.weir.core.state.DagRunState;
import io.weir.core.state.TaskState;
import io.weir.engine.EngineServices;
import io.weir.engine.dagbag.DagBag;
import io.weir.engine.executor.Dispatch;
import io.weir.engine.executor.Executor;
import io.weir.engine.executor.TaskKey;
import io.weir.store.DagRunRecord;
import io.weir.store.MetadataSession;
import io.weir.store.PoolRecord;
import io.weir.store.TaskInstanceRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Hands scheduled instances to the executor within every limit: parallelism, pools and max_active_tasks (runs are
 * held to max_active_runs as they start, by {@link RunCreation}). Owns the backlog of scheduled instances and the
 * instances handed to workers here; the loop and worker threads both use it, under {@link #limitsLock} where a check
 * of the limits and a reservation must be one step.
 */
final class Dispatcher {
    private final EngineServices services;
    private final DagBag dagBag;
    private final SchedulerState state;
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
    /** Tries of each run handed to workers here and not ended yet. */
    private final Map<Long, Integer> triesByRun = new HashMap<>();

    Dispatcher(EngineServices services, DagBag dagBag, SchedulerState state) {
        this.services = services;
        this.dagBag = dagBag;
        this.state = state;
    }

    /** Adds newly scheduled instances to the backlog and asks the loop to hand them out. */
    void addToBacklog(List<Dispatch> scheduled) {
        backlog.addAll(scheduled);
        state.queueNeeded();
    }

    /** Reloads the backlog from the metadata DB: every scheduled instance of the runs this job may handle. */
    void reloadBacklog() {
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
                        && state.mayHandle(run)
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
        state.queueNeeded();
    }

    /**
     * Hands scheduled instances to {@code executor}, highest priority first, within every limit. An instance goes to
     * its worker still scheduled and becomes running in the worker's first write: one write per try instead of one to
     * queue it and one to start it. Should this process die in between, the instance is simply still scheduled.
     */
    void handOut(Executor executor) {
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
    boolean reserve(MetadataSession session, Dispatch candidate) {
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
    void release(TaskKey key) {
        handedOut.remove(key);
        inFlight.remove(key);
    }

    /** The claim of a reserved instance committed or was refused: the database counts it from now on, or never. */
    void claimSettled(TaskKey key) {
        handedOut.remove(key);
    }

    /** The try of {@code key} ended: the instance may be handed out again (a retry). */
    void tryEnded(TaskKey key) {
        inFlight.remove(key);
    }

    /** The instances reserved here whose claim has not settled yet. */
    Set<TaskKey> claiming() {
        return Set.copyOf(handedOut.keySet());
    }

    /**
     * The backlog's first instance that no worker here has and that {@code eligible} accepts, reserved for a worker
     * within every limit ({@code session} counts them where a limit needs it) and taken from the backlog; null when
     * there is none.
     */
    Dispatch takeHead(MetadataSession session, Predicate<Dispatch> eligible) {
        Dispatch head = backlog.first();
        while (head != null && inFlight.contains(TaskKey.of(head.instance()))) {
            // A worker has it already (a stale copy the last reload put back).
            backlog.remove(head);
            head = backlog.first();
        }
        if (state.stopping() || head == null || !eligible.test(head) || !reserve(session, head)) {
            return null;
        }
        backlog.remove(head);
        return head;
    }

    /** Whether handing out {@code candidate} needs the metadata DB's count of its pool or of its DAG's active tasks. */
    boolean counted(Dispatch candidate) {
        return poolMatters(candidate.instance()) || capMatters(candidate.dag());
    }

    /** A try of the run went to a worker: handed out by the loop or claimed by a finishing try for its thread. */
    void tryStarted(long runId) {
        synchronized (triesByRun) {
            triesByRun.merge(runId, 1, Integer::sum);
        }
    }

    /** A try of the run ended and its outcome is committed; returns how many tries of the run remain here. */
    int runTryEnded(long runId) {
        synchronized (triesByRun) {
            Integer left = triesByRun.computeIfPresent(runId, (id, count) -> count > 1 ? count - 1 : null);
            return left == null ? 0 : left;
        }
    }

    /** Whether another try of the run runs here or one of its instances waits in the backlog. */
    boolean othersOfRunHere(long runId) {
        synchronized (triesByRun) {
            if (triesByRun.getOrDefault(runId, 0) > 1) {
                return true;
            }
        }
        return backlog.holdsRun(runId);
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
}
