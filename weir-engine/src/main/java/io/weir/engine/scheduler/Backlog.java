package io.weir.engine.scheduler;

import io.weir.engine.executor.Dispatch;
import io.weir.engine.executor.TaskKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Scheduled instances waiting for a free worker, kept in the order they are handed out: highest priority weight
 * first, then oldest logical date, then task id. Holds each instance once and counts them per run. Thread-safe.
 */
final class Backlog {
    static final Comparator<Dispatch> ORDER = Comparator.comparingInt(
                    (Dispatch dispatch) -> -dispatch.instance().priorityWeight())
            .thenComparing(dispatch -> dispatch.run().logicalDate())
            .thenComparing(dispatch -> dispatch.instance().taskId())
            .thenComparing(dispatch -> dispatch.instance().dagId())
            .thenComparing(dispatch -> dispatch.instance().runId());

    private final Map<TaskKey, Dispatch> byKey = new HashMap<>();
    private final TreeSet<Dispatch> ordered = new TreeSet<>(ORDER);
    private final Map<Long, Integer> perRun = new HashMap<>();

    /** Adds the instances not held yet. */
    synchronized void addAll(Collection<Dispatch> dispatches) {
        for (Dispatch dispatch : dispatches) {
            TaskKey key = TaskKey.of(dispatch.instance());
            if (!byKey.containsKey(key)) {
                byKey.put(key, dispatch);
                ordered.add(dispatch);
                perRun.merge(dispatch.run().id(), 1, Integer::sum);
            }
        }
    }

    /** Holds exactly {@code dispatches} from now on. */
    synchronized void replaceAll(Collection<Dispatch> dispatches) {
        byKey.clear();
        ordered.clear();
        perRun.clear();
        addAll(dispatches);
    }

    /** Removes the instance; returns whether it was held (another thread may have taken it first). */
    synchronized boolean remove(Dispatch dispatch) {
        Dispatch held = byKey.remove(TaskKey.of(dispatch.instance()));
        if (held != null) {
            ordered.remove(held);
            perRun.computeIfPresent(held.run().id(), (run, count) -> count > 1 ? count - 1 : null);
        }
        return held != null;
    }

    /** The instance to hand out next, or null. */
    synchronized Dispatch first() {
        return ordered.isEmpty() ? null : ordered.first();
    }

    /** Every instance held, in hand-out order. */
    synchronized List<Dispatch> inOrder() {
        return new ArrayList<>(ordered);
    }

    synchronized boolean isEmpty() {
        return byKey.isEmpty();
    }

    /** Whether an instance of the run waits here. */
    synchronized boolean holdsRun(long runId) {
        return perRun.containsKey(runId);
    }
}
