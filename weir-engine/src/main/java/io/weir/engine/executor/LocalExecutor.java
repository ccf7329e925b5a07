package io.weir.engine.executor;

import io.weir.core.state.TaskState;
import io.weir.engine.runner.RunningTry;
import io.weir.engine.runner.TaskRunner;
import io.weir.store.DagRunRecord;
import io.weir.store.TaskInstanceRecord;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs queued task instances on a pool of threads in this process, {@code parallelism} at a time. */
public final class LocalExecutor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalExecutor.class);

    private final TaskRunner runner;
    private final long jobId;
    private final int parallelism;
    private final ExecutorService threads;
    private final Map<TaskKey, RunningTry> running = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Completion completion;
    private volatile boolean closed;
    private volatile String stopReason = "Weir is stopping";

    /** A try that ended; {@code instance} is empty when its result was not recorded (it was changed meanwhile). */
    public record Finished(TaskKey key, DagRunRecord run, Optional<TaskInstanceRecord> instance) {}

    /** What the scheduler does when a try ends, in the try's own transaction and after it commits. */
    public interface Completion {
        /** The hook to run in the transaction that records the try's end. */
        TaskRunner.FinishHook hookFor(Dispatch dispatch);

        /**
         * After that transaction; {@code result} says whether the hook's work committed and what it claimed.
         * Returns the instance to run next on this thread, if any.
         */
        Optional<Dispatch> finished(Finished finished, TaskRunner.FinishHook hook, TaskRunner.Result result);

        /** A worker became free for new work (called after it counts as free). */
        void slotFreed();
    }

    /**
     * @param completion called on the worker thread as each try ends; it may hand back the next instance to run on
     *     the same thread (a downstream task that became ready), which then starts without a trip through the queue
     */
    public LocalExecutor(TaskRunner runner, long jobId, int parallelism, Completion completion) {
        this.runner = runner;
        this.jobId = jobId;
        this.parallelism = parallelism;
        this.completion = completion;
        AtomicInteger counter = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(parallelism, runnable -> {
            Thread thread = new Thread(runnable, "weir-worker-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** How many more instances may be submitted now. */
    public int freeSlots() {
        return parallelism - inFlight.get();
    }

    public void submit(Dispatch dispatch) {
        inFlight.incrementAndGet();
        threads.execute(() -> {
            try {
                Dispatch next = dispatch;
                while (next != null) {
                    next = runOne(next);
                }
            } finally {
                inFlight.decrementAndGet();
                completion.slotFreed();
            }
        });
    }

    private Dispatch runOne(Dispatch dispatch) {
        TaskKey key = TaskKey.of(dispatch.instance());
        Thread.interrupted();
        RunningTry attempt = new RunningTry();
        if (running.putIfAbsent(key, attempt) != null) {
            // Never run an instance twice at once; the try already running here settles it.
            LOG.warn("Task {} was handed out again while it runs here; the second copy is dropped", key);
            return null;
        }
        TaskRunner.FinishHook hook = completion.hookFor(dispatch);
        TaskRunner.Result result = TaskRunner.Result.NOTHING;
        try {
            if (closed) {
                if (dispatch.instance().state() != TaskState.RUNNING) {
                    // Not claimed yet: it stays as it is for the next scheduler.
                    hook.claimSettled();
                    return completion
                            .finished(new Finished(key, dispatch.run(), Optional.empty()), hook, result)
                            .orElse(null);
                }
                // Claimed before the stop: it ends at once, like the tries the stop found running.
                attempt.cancel(stopReason);
            }
            result = runner.run(dispatch.dag(), dispatch.run(), dispatch.instance(), jobId, attempt, hook);
        } catch (RuntimeException e) {
            // One line for the console; the stack trace only with WEIR_LOG_LEVEL=DEBUG.
            LOG.error("Task {} could not be run: {}", key, e.toString());
            LOG.debug("Task {} could not be run", key, e);
        } finally {
            attempt.finish();
            Thread.interrupted();
            running.remove(key, attempt);
        }
        return completion
                .finished(new Finished(key, dispatch.run(), result.finished()), hook, result)
                .orElse(null);
    }

    /** The instances running here now. */
    public Set<TaskKey> running() {
        return Set.copyOf(running.keySet());
    }

    /** The tries running here now, by instance. */
    public Map<TaskKey, RunningTry> runningTries() {
        return Map.copyOf(running);
    }

    public void cancel(TaskKey key, String reason) {
        RunningTry attempt = running.get(key);
        if (attempt != null) {
            attempt.cancel(reason);
        }
    }

    /** Stops accepting work, stops the running tries and waits up to {@code wait} for them to record their end. */
    public void shutdown(String reason, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        stopReason = reason;
        closed = true;
        threads.shutdown();
        List<RunningTry> stopped = List.copyOf(running.values());
        stopped.forEach(attempt -> attempt.cancel(reason));
        try {
            threads.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // A try's thread ends with its main process; background processes it left may still be dying.
        for (RunningTry attempt : stopped) {
            attempt.awaitKills(Duration.ofNanos(deadline - System.nanoTime()));
        }
    }

    @Override
    public void close() {
        shutdown("Weir is stopping", Duration.ofSeconds(10));
    }
}
