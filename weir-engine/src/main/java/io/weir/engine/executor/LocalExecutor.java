package io.weir.engine.executor;

import io.weir.core.dag.Dag;
import io.weir.engine.runner.RunningTry;
import io.weir.engine.runner.TaskRunner;
import io.weir.store.DagRunRecord;
import io.weir.store.TaskInstanceRecord;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
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
    private final Consumer<Finished> onFinished;

    /** A try that ended; {@code instance} is empty when its result was not recorded (it was changed meanwhile). */
    public record Finished(TaskKey key, DagRunRecord run, Optional<TaskInstanceRecord> instance) {}

    public LocalExecutor(TaskRunner runner, long jobId, int parallelism, Consumer<Finished> onFinished) {
        this.runner = runner;
        this.jobId = jobId;
        this.parallelism = parallelism;
        this.onFinished = onFinished;
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

    public void submit(Dag dag, DagRunRecord run, TaskInstanceRecord queued) {
        TaskKey key = TaskKey.of(queued);
        inFlight.incrementAndGet();
        threads.execute(() -> {
            Thread.interrupted();
            RunningTry attempt = new RunningTry(Thread.currentThread());
            running.put(key, attempt);
            Optional<TaskInstanceRecord> result = Optional.empty();
            try {
                result = runner.run(dag, run, queued, jobId, attempt);
            } catch (RuntimeException e) {
                LOG.error("Task {} could not be run: {}", key, e.getMessage(), e);
            } finally {
                attempt.finish();
                Thread.interrupted();
                running.remove(key);
                inFlight.decrementAndGet();
                onFinished.accept(new Finished(key, run, result));
            }
        });
    }

    /** The instances running here now. */
    public Set<TaskKey> running() {
        return Set.copyOf(running.keySet());
    }

    /** Stops the tries running here whose instance is no longer queued or running for this job. */
    public void cancelAllExcept(Collection<TaskKey> stillOwned, String reason) {
        for (Map.Entry<TaskKey, RunningTry> entry : running.entrySet()) {
            if (!stillOwned.contains(entry.getKey())) {
                entry.getValue().cancel(reason);
            }
        }
    }

    public void cancel(TaskKey key, String reason) {
        RunningTry attempt = running.get(key);
        if (attempt != null) {
            attempt.cancel(reason);
        }
    }

    /** Stops accepting work, stops the running tries and waits up to {@code wait} for them to record their end. */
    public void shutdown(String reason, Duration wait) {
        threads.shutdown();
        running.values().forEach(attempt -> attempt.cancel(reason));
        try {
            threads.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        shutdown("Weir is stopping", Duration.ofSeconds(10));
    }
}
