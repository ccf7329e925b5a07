package io.weir.transform.run;

import io.weir.transform.project.Manifest;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs selected nodes in dependency order on a pool of worker threads. A node starts once every selected node
 * upstream of it has ended; among ready nodes the one earliest in the manifest goes first. A node that errors,
 * fails or is skipped skips its selected descendants. With fail-fast the first error or failure stops the run, as
 * {@link #cancel()} does from another thread (Ctrl-C): no node starts any more, the running ones are told through
 * the cancel hooks of their workers, and the run returns.
 *
 * <p>A runner does one run; use a new one for the next.
 */
public final class Runner {
    private final Clock clock;
    private final Duration cancelGrace;
    private final Map<Integer, Cancellable> cancelHooks = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private Execution execution;
    private boolean cancelRequested;

    public Runner() {
        this(Clock.systemUTC());
    }

    /** A runner that stamps results with {@code clock}'s time. */
    public Runner(Clock clock) {
        this(clock, Duration.ofSeconds(5));
    }

    /**
     * @param cancelGrace how long a cancelled run waits for running nodes to give up before it returns without them
     */
    Runner(Clock clock, Duration cancelGrace) {
        this.clock = clock;
        this.cancelGrace = cancelGrace;
    }

    /**
     * What cancels the work of worker {@code threadIndex}, such as {@code session::cancel} of the connection that
     * worker uses. Called from the thread that cancels, while that worker runs a node.
     */
    public void setCancelHook(int threadIndex, Cancellable hook) {
        cancelHooks.put(threadIndex, hook);
    }

    /** Stops the run from any thread: running nodes are cancelled, no further node starts. */
    public void cancel() {
        Execution current;
        synchronized (lock) {
            cancelRequested = true;
            current = execution;
        }
        if (current != null) {
            current.stop("Skipping because the run was cancelled");
        }
    }

    /**
     * Runs {@code selected} (unique ids of {@code manifest}'s nodes; ephemeral models and ids of sources are passed
     * over) and returns when all have ended or the run has stopped.
     *
     * @throws io.weir.transform.TransformException when the nodes depend on each other in a cycle
     */
    public RunReport run(
            Manifest manifest, Set<String> selected, RunOptions options, NodeAction action, RunListener listener) {
        RunPlan plan = RunPlan.of(manifest, selected, options.buildOrder());
        Execution current = new Execution(plan, options, action, listener, clock, cancelHooks, cancelGrace);
        boolean cancelledBefore;
        synchronized (lock) {
            execution = current;
            cancelledBefore = cancelRequested;
        }
        if (cancelledBefore) {
            current.stop("Skipping because the run was cancelled");
        }
        return current.run();
    }
}
