package io.weir.engine.local;

import io.weir.core.state.TaskState;
import io.weir.engine.EngineServices;
import io.weir.engine.executor.Dispatch;
import io.weir.engine.executor.Executor;
import io.weir.engine.executor.ExecutorFactory;
import io.weir.engine.executor.FinishHook;
import io.weir.engine.executor.FollowUps;
import io.weir.engine.executor.TaskKey;
import io.weir.engine.executor.TryEnded;
import io.weir.engine.executor.TryEvents;
import io.weir.engine.executor.TryResult;
import io.weir.engine.runner.RunningTry;
import io.weir.engine.runner.TaskRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor that runs tries on a pool of threads in this process (and the processes they start), {@code
 * parallelism} at a time. A try's end is written with the scheduler's {@link FinishHook} (from {@link FollowUps}),
 * which may hand the same thread the next ready instance, which then starts without a trip through the loop: the
 * optimisation that makes local runs fast. Each end is then reported as a {@link TryEnded} event like any executor's.
 */
public final class LocalExecutor implements Executor {
    private static final Logger LOG = LoggerFactory.getLogger(LocalExecutor.class);

    private final TaskRunner runner;
    private final long jobId;
    private final int parallelism;
    private final ExecutorService threads;
    private final Map<TaskKey, RunningTry> running = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final TryEvents events;
    private final FollowUps followUps;
    private volatile boolean closed;
    private volatile String stopReason = "Weir is stopping";

    /** Starts a local executor for each scheduler job, with the parallelism of the project's settings. */
    public static ExecutorFactory factory(EngineServices services) {
        return (jobId, events, followUps) -> new LocalExecutor(
                new TaskRunner(services), jobId, services.settings().parallelism(), events, followUps);
    }

    /**
     * @param events told on the worker thread as each try ends
     * @param followUps the hook each try's end is written with; it may claim the next instance to run on the same
     *     thread (a downstream task that became ready), which then starts without a trip through the queue
     */
    public LocalExecutor(TaskRunner runner, long jobId, int parallelism, TryEvents events, FollowUps followUps) {
        this.runner = runner;
        this.jobId = jobId;
        this.parallelism = parallelism;
        this.events = events;
        this.followUps = followUps;
        AtomicInteger counter = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(parallelism, runnable -> {
            Thread thread = new Thread(runnable, "weir-worker-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** How many more instances may be submitted now. */
    @Override
    public int freeSlots() {
        return parallelism - inFlight.get();
    }

    @Override
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
                events.slotFreed();
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
        FinishHook hook = followUps.hookFor(dispatch);
        TryResult result = TryResult.NOTHING;
        try {
            if (closed) {
                if (dispatch.instance().state() != TaskState.RUNNING) {
                    // Not claimed yet: it stays as it is for the next scheduler.
                    hook.claimSettled();
                    return reportEnd(key, dispatch, hook, result);
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
        return reportEnd(key, dispatch, hook, result);
    }

    /** Settles the hook, reports the try's end as an event and returns what the hook claimed for this thread. */
    private Dispatch reportEnd(TaskKey key, Dispatch dispatch, FinishHook hook, TryResult result) {
        hook.settled(result);
        events.ended(new TryEnded(key, dispatch.run(), result.finished()));
        return result.next().orElse(null);
    }

    @Override
    public Set<TaskKey> running() {
        return Set.copyOf(running.keySet());
    }

    @Override
    public Set<Path> runningLogs() {
        Set<Path> logs = new HashSet<>();
        for (RunningTry attempt : running.values()) {
            if (attempt.logFile() != null) {
                logs.add(attempt.logFile());
            }
        }
        return logs;
    }

    @Override
    public void cancel(TaskKey key, String reason) {
        RunningTry attempt = running.get(key);
        if (attempt != null) {
            attempt.cancel(reason);
        }
    }

    /**
     * Stops accepting work, stops the running tries and waits up to {@code wait} for them to record their end; then
     * forgets the processes this job recorded, none of which can still run.
     */
    @Override
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
        runner.close();
        runner.forgetProcesses(jobId);
    }
}
