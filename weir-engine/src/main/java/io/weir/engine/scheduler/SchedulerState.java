package io.weir.engine.scheduler;

import io.weir.store.DagRunRecord;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the scheduler's parts share, owned here and safe to use from the loop and from worker threads alike: the runs
 * to decide and when, the paused DAGs, which runs this scheduler handles, and the loop's wake-up signal.
 */
final class SchedulerState {
    private final SchedulerScope scope;
    private final Set<Long> dirtyRuns = ConcurrentHashMap.newKeySet();
    private final Map<Long, Instant> runWakeUps = new ConcurrentHashMap<>();
    private final Map<Long, Instant> lastDecided = new ConcurrentHashMap<>();
    private final Object signal = new Object();
    private boolean signalled;
    private volatile long jobId = -1;
    private volatile boolean stopping;
    private volatile boolean queueNeeded = true;
    private volatile boolean promotionNeeded = true;
    /** Written by the loop at each sweep, read by worker threads deciding a run: an immutable set, published whole. */
    private volatile Set<String> pausedDags = Set.of();

    SchedulerState(SchedulerScope scope) {
        this.scope = scope;
    }

    SchedulerScope scope() {
        return scope;
    }

    void jobStarted(long id) {
        jobId = id;
    }

    long jobId() {
        return jobId;
    }

    /** Whether this scheduler schedules {@code run}'s tasks: by its scope, its owner and its DAG's pause. */
    boolean mayHandle(DagRunRecord run) {
        return switch (scope) {
            case ALL -> run.ownerJobId() == null ? !pausedDags.contains(run.dagId()) : run.ownerJobId() == jobId;
            case OWNED -> run.ownerJobId() != null && run.ownerJobId() == jobId;
        };
    }

    Set<String> pausedDags() {
        return pausedDags;
    }

    void pausedDags(Set<String> paused) {
        pausedDags = Set.copyOf(paused);
    }

    boolean stopping() {
        return stopping;
    }

    void stop() {
        stopping = true;
        wake();
    }

    /** Wakes the loop now (a lost wake-up only costs latency). */
    void wake() {
        synchronized (signal) {
            signalled = true;
            signal.notifyAll();
        }
    }

    /** Waits until {@code millis} pass, the loop is woken or a run is dirty; an interrupt stops the scheduler. */
    void await(long millis) {
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

    /** Asks the loop to decide this run again soon. */
    void markDirty(long runId) {
        dirtyRuns.add(runId);
        queueNeeded = true;
        wake();
    }

    /** The runs marked dirty since the last call, which are no longer marked. */
    Set<Long> takeDirtyRuns() {
        Set<Long> dirty = new HashSet<>(dirtyRuns);
        dirtyRuns.removeAll(dirty);
        return dirty;
    }

    boolean hasDirtyRuns() {
        return !dirtyRuns.isEmpty();
    }

    /** Asks the loop to hand out scheduled instances (the backlog grew or a worker became free). */
    void queueNeeded() {
        queueNeeded = true;
        wake();
    }

    /** Whether the loop should hand out instances now; clears the request. */
    boolean takeQueueNeeded() {
        boolean needed = queueNeeded;
        queueNeeded = false;
        return needed;
    }

    /** Asks the loop to start queued runs (a run ended, a run was triggered). */
    void promotionNeeded() {
        promotionNeeded = true;
    }

    /** Whether the loop should start queued runs now; clears the request. */
    boolean takePromotionNeeded() {
        boolean needed = promotionNeeded;
        promotionNeeded = false;
        return needed;
    }

    /** Decides the run again at {@code at} (a retry's time, a sensor's next poke), or earlier if already asked. */
    void wakeRunAt(long runId, Instant at) {
        runWakeUps.merge(runId, at, (a, b) -> a.isBefore(b) ? a : b);
        wake();
    }

    /** Decides the run again at {@code at}, replacing any earlier wake-up. */
    void replaceWakeUp(long runId, Instant at) {
        runWakeUps.put(runId, at);
    }

    /** Marks dirty the runs whose wake-up time has come. */
    void wakeDueRuns(Instant now) {
        for (Map.Entry<Long, Instant> wakeUp : runWakeUps.entrySet()) {
            if (!wakeUp.getValue().isAfter(now)) {
                runWakeUps.remove(wakeUp.getKey());
                dirtyRuns.add(wakeUp.getKey());
            }
        }
    }

    /** The earliest wake-up of a run before {@code latest}, or {@code latest}. */
    Instant earliestWakeUp(Instant latest) {
        Instant wakeAt = latest;
        for (Instant at : runWakeUps.values()) {
            if (at.isBefore(wakeAt)) {
                wakeAt = at;
            }
        }
        return wakeAt;
    }

    void decided(long runId, Instant now) {
        lastDecided.put(runId, now);
    }

    /** When the run was last decided here, or null. */
    Instant lastDecided(long runId) {
        return lastDecided.get(runId);
    }

    /** The run finished: nothing about it is kept. */
    void forget(long runId) {
        lastDecided.remove(runId);
        runWakeUps.remove(runId);
    }
}
