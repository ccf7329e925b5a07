package io.weir.engine.executor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * Runs claimed tries somewhere (threads and processes on this host, a worker, a pod) and reports each try's end to
 * the scheduler as a {@link TryEnded} event through {@link TryEvents}. The scheduler knows only this interface.
 */
public interface Executor {

    /** How many more instances may be submitted now. */
    int freeSlots();

    /** Runs {@code dispatch}: an instance claimed for this job (running) or scheduled (the try claims it first). */
    void submit(Dispatch dispatch);

    /** The instances whose tries run here now. */
    Set<TaskKey> running();

    /** Stops the try of {@code key} if it runs here; it ends as failed (and retried if tries are left). */
    void cancel(TaskKey key, String reason);

    /** The log files of the tries running here now, which log retention must spare. */
    Set<Path> runningLogs();

    /** Stops accepting work, stops the running tries and waits up to {@code wait} for them to record their end. */
    void shutdown(String reason, Duration wait);
}
