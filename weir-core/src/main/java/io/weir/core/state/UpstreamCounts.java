package io.weir.core.state;

import java.util.Collection;

/**
 * How many of a task's direct upstream instances are in each finished state; {@code total} also counts the
 * unfinished ones (none, scheduled, queued, running, up_for_retry, up_for_reschedule, or not yet created).
 */
public record UpstreamCounts(int total, int success, int skipped, int failed, int upstreamFailed, int removed) {
    public UpstreamCounts {
        if (total < 0 || success < 0 || skipped < 0 || failed < 0 || upstreamFailed < 0 || removed < 0) {
            throw new IllegalArgumentException("upstream counts must not be negative");
        }
        if (success + skipped + failed + upstreamFailed + removed > total) {
            throw new IllegalArgumentException("more finished upstream instances than upstream tasks: " + total);
        }
    }

    public static UpstreamCounts of(Collection<TaskState> upstreamStates) {
        Counter counter = new Counter();
        upstreamStates.forEach(counter::add);
        return counter.counts();
    }

    /** Upstream instances in a finished state. */
    public int done() {
        return success + skipped + failed + upstreamFailed + removed;
    }

    /** Whether every upstream instance has finished. */
    public boolean allDone() {
        return done() >= total;
    }

    /** Accumulates upstream states without allocating a collection; the scheduler's hot path uses it. */
    static final class Counter {
        private int total;
        private int success;
        private int skipped;
        private int failed;
        private int upstreamFailed;
        private int removed;

        void reset() {
            total = 0;
            success = 0;
            skipped = 0;
            failed = 0;
            upstreamFailed = 0;
            removed = 0;
        }

        void add(TaskState state) {
            total++;
            switch (state) {
                case SUCCESS -> success++;
                case SKIPPED -> skipped++;
                case FAILED -> failed++;
                case UPSTREAM_FAILED -> upstreamFailed++;
                case REMOVED -> removed++;
                case NONE, SCHEDULED, QUEUED, RUNNING, UP_FOR_RETRY, UP_FOR_RESCHEDULE -> {
                    // not done yet: counted in total only
                }
            }
        }

        UpstreamCounts counts() {
            return new UpstreamCounts(total, success, skipped, failed, upstreamFailed, removed);
        }
    }
}
