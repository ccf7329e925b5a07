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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds state changes made by any process (a separate scheduler, a worker, the CLI) by reading the store every
 * {@code interval} while some page listens, and reports them to {@code target} as the scheduler's events: a try
 * starting, finishing or being decided, a run finishing. Each look reads the queued and running runs and their task
 * instances (plus the runs that just left that set), a few indexed queries however many DAGs there are.
 */
public final class StoreWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StoreWatcher.class);

    private final MetadataStore store;
    private final SchedulerListener target;
    private final BooleanSupplier anyoneListening;
    private final Duration interval;
    private final Thread thread;
    private final Map<List<String>, DagRunRecord> watchedRuns = new HashMap<>();
    private final Map<List<String>, String> states = new HashMap<>();
    private volatile boolean stopping;

    public StoreWatcher(
            MetadataStore store, SchedulerListener target, BooleanSupplier anyoneListening, Duration interval) {
        this.store = requireNonNull(store, "store is null");
        this.target = requireNonNull(target, "target is null");
        this.anyoneListening = requireNonNull(anyoneListening, "anyoneListening is null");
        this.interval = requireNonNull(interval, "interval is null");
        this.thread = new Thread(this::loop, "weir-web-store-watcher");
        this.thread.setDaemon(true);
    }

    public StoreWatcher start() {
        thread.start();
        return this;
    }

    private void loop() {
        while (!stopping) {
            try {
                if (anyoneListening.getAsBoolean()) {
                    look();
                } else {
                    watchedRuns.clear();
                    states.clear();
                }
            } catch (RuntimeException e) {
                // A failed look (the database restarting) costs one line; the next look tries again.
                LOG.warn("Could not read the metadata database for live page updates: {}", e.toString());
            }
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Reads the active runs and their instances once, and reports what changed since the last look. */
    void look() {
        Map<List<String>, DagRunRecord> active = new LinkedHashMap<>();
        store.useTransaction(session -> {
            for (DagRunState state : List.of(DagRunState.QUEUED, DagRunState.RUNNING)) {
                for (DagRunRecord run : session.runs().withState(state)) {
                    active.put(List.of(run.dagId(), run.runId()), run);
                }
            }
        });
        Map<List<String>, DagRunRecord> toRead = new LinkedHashMap<>(active);
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
        Set<List<String>> newRunsReported = new HashSet<>();
        for (TaskInstanceRecord instance : instances) {
            List<String> run = List.of(instance.dagId(), instance.runId());
            String now = instance.state().label() + "#" + instance.tryNumber();
            String before = states.put(List.of(instance.dagId(), instance.runId(), instance.taskId()), now);
            if (!watchedRuns.containsKey(run)) {
                // A run seen for the first time: one event for it, so its page fetches the grid, not one a task.
                if (newRunsReported.add(run)) {
                    report(instance);
                }
            } else if (!now.equals(before)) {
                report(instance);
            }
        }
        for (Map.Entry<List<String>, DagRunRecord> left : watchedRuns.entrySet()) {
            if (!active.containsKey(left.getKey())) {
                store.inTransaction(session -> session.runs()
                                .find(left.getKey().get(0), left.getKey().get(1)))
                        .ifPresent(target::runFinished);
                states.keySet()
                        .removeIf(key -> key.get(0).equals(left.getKey().get(0))
                                && key.get(1).equals(left.getKey().get(1)));
            }
        }
        watchedRuns.clear();
        watchedRuns.putAll(active);
    }

    private void report(TaskInstanceRecord instance) {
        TaskState state = instance.state();
        switch (state) {
            case RUNNING -> target.taskStarted(instance);
            case SUCCESS, FAILED, UP_FOR_RETRY, SKIPPED -> target.taskFinished(instance);
            case NONE, SCHEDULED, QUEUED, UPSTREAM_FAILED, REMOVED -> target.taskDecided(instance);
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
