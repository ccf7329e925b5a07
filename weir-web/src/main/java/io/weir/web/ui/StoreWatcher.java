package io.weir.web.ui;

import static java.util.Objects.requireNonNull;

import io.weir.core.state.DagRunState;
import io.weir.core.state.TaskState;
import io.weir.engine.scheduler.SchedulerListener;
import io.weir.store.DagRunRecord;
import io.weir.store.MetadataStore;
import io.weir.store.TaskInstanceRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds state changes made by any process (a separate scheduler, a worker, the CLI) by reading the store, and
 * reports them as the scheduler's events: to the live pages every {@code interval} while some page listens (a try
 * starting, finishing or being decided, a run finishing), and to the metrics every {@code finishesInterval} while
 * {@code countFinishes} holds (no scheduler in this process tells them): each try that finished once, with the
 * record's dates, and each run that finished. Each look reads the queued and running runs, the runs created since
 * the last look and the runs that just left the active set, and their task instances: a few indexed queries however
 * many DAGs there are. The first look only notes what is there: history is not counted again after a restart.
 */
public final class StoreWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StoreWatcher.class);
    private static final Set<TaskState> TRY_ENDS =
            Set.of(TaskState.SUCCESS, TaskState.FAILED, TaskState.UP_FOR_RETRY, TaskState.SKIPPED);
    private static final Set<TaskState> DECISIONS =
            Set.of(TaskState.UPSTREAM_FAILED, TaskState.SKIPPED, TaskState.REMOVED);

    private final MetadataStore store;
    private final SchedulerListener live;
    private final BooleanSupplier anyoneListening;
    private final Duration interval;
    private final SchedulerListener finishes;
    private final BooleanSupplier countFinishes;
    private final Duration finishesInterval;
    private final Thread thread;
    private final Map<List<String>, DagRunRecord> watchedRuns = new HashMap<>();
    private final Map<List<String>, String> states = new HashMap<>();
    private final Map<List<String>, TaskInstanceRecord> seen = new HashMap<>();
    private final Set<List<String>> createdSinceFirstLook = new HashSet<>();
    private long latestRunId = -1;
    private long lastLook;
    private volatile boolean stopping;

    /** A watcher for the live pages alone. */
    public StoreWatcher(
            MetadataStore store, SchedulerListener target, BooleanSupplier anyoneListening, Duration interval) {
        this(store, target, anyoneListening, interval, SchedulerListener.NONE, () -> false, interval);
    }

    public StoreWatcher(
            MetadataStore store,
            SchedulerListener live,
            BooleanSupplier anyoneListening,
            Duration interval,
            SchedulerListener finishes,
            BooleanSupplier countFinishes,
            Duration finishesInterval) {
        this.store = requireNonNull(store, "store is null");
        this.live = requireNonNull(live, "live is null");
        this.anyoneListening = requireNonNull(anyoneListening, "anyoneListening is null");
        this.interval = requireNonNull(interval, "interval is null");
        this.finishes = requireNonNull(finishes, "finishes is null");
        this.countFinishes = requireNonNull(countFinishes, "countFinishes is null");
        this.finishesInterval = requireNonNull(finishesInterval, "finishesInterval is null");
        this.thread = new Thread(this::loop, "weir-web-store-watcher");
        this.thread.setDaemon(true);
    }

    public StoreWatcher start() {
        lastLook = System.nanoTime() - finishesInterval.toNanos();
        thread.start();
        return this;
    }

    private void loop() {
        while (!stopping) {
            try {
                boolean counting = countFinishes.getAsBoolean();
                if (anyoneListening.getAsBoolean()
                        || (counting && System.nanoTime() - lastLook >= finishesInterval.toNanos())) {
                    lastLook = System.nanoTime();
                    look();
                } else if (!counting) {
                    forget();
                }
            } catch (RuntimeException e) {
                // A failed look (the database restarting) costs one line; the next look tries again.
                LOG.warn("Could not read the metadata database for live pages and metrics: {}", e.toString());
            }
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void forget() {
        watchedRuns.clear();
        states.clear();
        seen.clear();
        createdSinceFirstLook.clear();
        latestRunId = -1;
    }

    /** Reads the active and new runs and their instances once, and reports what changed since the last look. */
    void look() {
        boolean first = latestRunId < 0;
        long createdAfter = latestRunId;
        Map<List<String>, DagRunRecord> active = new LinkedHashMap<>();
        Map<List<String>, DagRunRecord> created = new LinkedHashMap<>();
        store.useTransaction(session -> {
            if (first) {
                latestRunId = session.runs().latestId();
            } else {
                // A run created and finished between two looks is never active when looked at: found by its id.
                for (DagRunRecord run : session.runs().createdAfter(createdAfter)) {
                    created.put(key(run), run);
                    latestRunId = Math.max(latestRunId, run.id());
                }
            }
            for (DagRunState state : List.of(DagRunState.QUEUED, DagRunState.RUNNING)) {
                for (DagRunRecord run : session.runs().withState(state)) {
                    active.put(key(run), run);
                }
            }
        });
        createdSinceFirstLook.addAll(created.keySet());
        Map<List<String>, DagRunRecord> toRead = new LinkedHashMap<>(active);
        toRead.putAll(created);
        for (Map.Entry<List<String>, DagRunRecord> left : watchedRuns.entrySet()) {
            if (!active.containsKey(left.getKey())) {
                toRead.put(left.getKey(), left.getValue());
            }
        }
        Map<String, List<String>> runsByDag = new LinkedHashMap<>();
        toRead.keySet().forEach(key -> runsByDag
                .computeIfAbsent(key.get(0), dag -> new ArrayList<>())
                .add(key.get(1)));
        List<TaskInstanceRecord> instances = new ArrayList<>();
        store.useTransaction(session -> runsByDag.forEach(
                (dagId, runIds) -> instances.addAll(session.overview().taskInstancesOfRuns(dagId, runIds))));
        boolean counting = !first && countFinishes.getAsBoolean();
        Set<List<String>> newRunsReported = new HashSet<>();
        for (TaskInstanceRecord instance : instances) {
            List<String> run = List.of(instance.dagId(), instance.runId());
            List<String> task = List.of(instance.dagId(), instance.runId(), instance.taskId());
            String now = instance.state().label() + "#" + instance.tryNumber();
            String before = states.put(task, now);
            if (!watchedRuns.containsKey(run)) {
                // A run seen for the first time: one event for it, so its page fetches the grid, not one a task.
                if (newRunsReported.add(run)) {
                    report(instance);
                }
            } else if (!now.equals(before)) {
                report(instance);
            }
            TaskInstanceRecord previous = seen.put(task, instance);
            // A task first seen in a run created since the first look has every try to count; in an older run (one
            // active at start-up, or cleared again) the first sight is where counting starts.
            if (counting && (previous != null || createdSinceFirstLook.contains(run))) {
                countFinishes(previous, instance);
            }
        }
        Set<List<String>> finished = new LinkedHashSet<>();
        for (List<String> left : watchedRuns.keySet()) {
            if (!active.containsKey(left)) {
                finished.add(left);
            }
        }
        for (Map.Entry<List<String>, DagRunRecord> run : created.entrySet()) {
            if (!active.containsKey(run.getKey()) && !watchedRuns.containsKey(run.getKey())) {
                finished.add(run.getKey());
            }
        }
        for (List<String> left : finished) {
            store.inTransaction(session -> session.runs().find(left.get(0), left.get(1)))
                    .filter(run -> run.state().isFinished())
                    .ifPresent(run -> {
                        live.runFinished(run);
                        if (counting) {
                            finishes.runFinished(run);
                        }
                    });
            forgetRun(states.keySet(), left);
            forgetRun(seen.keySet(), left);
            createdSinceFirstLook.remove(left);
        }
        watchedRuns.clear();
        watchedRuns.putAll(active);
    }

    /**
     * Reports each try of {@code now}'s task that ended since {@code before} was read (null: the run is new), and a
     * decision the scheduler made without a try. A try that ended unseen, before a later one started, ended up for
     * retry; its dates are gone with it, so it is counted without a duration.
     */
    private void countFinishes(TaskInstanceRecord before, TaskInstanceRecord now) {
        int countedThrough = before == null ? 0 : endedTries(before);
        int ended = endedTries(now);
        for (int tryNumber = countedThrough + 1; tryNumber <= ended; tryNumber++) {
            if (tryNumber == now.tryNumber() && TRY_ENDS.contains(now.state())) {
                finishes.taskFinished(now);
            } else {
                finishes.taskFinished(endedUnseen(now, tryNumber));
            }
        }
        boolean decided = DECISIONS.contains(now.state())
                && (before == null || before.state() != now.state())
                && ended == countedThrough;
        if (decided) {
            finishes.taskDecided(now);
        }
    }

    /** How many of an instance's tries have ended: all but a running one (a try number counts tries started). */
    private static int endedTries(TaskInstanceRecord instance) {
        return instance.state() == TaskState.RUNNING ? instance.tryNumber() - 1 : instance.tryNumber();
    }

    private static TaskInstanceRecord endedUnseen(TaskInstanceRecord instance, int tryNumber) {
        return new TaskInstanceRecord(
                instance.dagId(),
                instance.runId(),
                instance.taskId(),
                TaskState.UP_FOR_RETRY,
                tryNumber,
                instance.maxTries(),
                null,
                null,
                null,
                null,
                instance.pool(),
                instance.poolSlots(),
                instance.priorityWeight(),
                instance.operator(),
                instance.hostname(),
                instance.jobId(),
                null,
                null);
    }

    private static void forgetRun(Collection<List<String>> tasks, List<String> run) {
        tasks.removeIf(key -> key.get(0).equals(run.get(0)) && key.get(1).equals(run.get(1)));
    }

    private static List<String> key(DagRunRecord run) {
        return List.of(run.dagId(), run.runId());
    }

    private void report(TaskInstanceRecord instance) {
        TaskState state = instance.state();
        switch (state) {
            case RUNNING -> live.taskStarted(instance);
            case SUCCESS, FAILED, UP_FOR_RETRY, SKIPPED -> live.taskFinished(instance);
            case NONE, SCHEDULED, QUEUED, UPSTREAM_FAILED, REMOVED -> live.taskDecided(instance);
        }
    }

    @Override
    public void close() {
        stopping = true;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
