package io.weir.transform.run;

import io.weir.transform.project.Node;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of one run: which nodes wait on how many parents, which are ready, which run on which worker, and the
 * results so far. All of it is guarded by one lock; nodes themselves run outside it.
 */
final class Execution {
    private static final Logger LOG = LoggerFactory.getLogger(Execution.class);

    private final RunPlan plan;
    private final RunOptions options;
    private final NodeAction action;
    private final RunListener listener;
    private final Clock clock;
    private final Map<Integer, Cancellable> cancelHooks;
    private final Duration cancelGrace;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final int[] pendingParents;
    private final String[] skipReasons;
    private final boolean[] done;
    private final BitSet ready;
    private final int[] runningOn;
    private final Thread[] workers;
    private final List<NodeResult> results;
    private int taken;
    private int finished;
    private int activeWorkers;
    private volatile boolean stopping;
    private String stopReason;
    private volatile boolean closed;

    Execution(
            RunPlan plan,
            RunOptions options,
            NodeAction action,
            RunListener listener,
            Clock clock,
            Map<Integer, Cancellable> cancelHooks,
            Duration cancelGrace) {
        this.plan = plan;
        this.options = options;
        this.action = action;
        this.listener = listener;
        this.clock = clock;
        this.cancelHooks = cancelHooks;
        this.cancelGrace = cancelGrace;
        int size = plan.size();
        this.pendingParents = new int[size];
        this.skipReasons = new String[size];
        this.done = new boolean[size];
        this.ready = new BitSet(size);
        this.results = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            pendingParents[i] = plan.parentCount(i);
            if (pendingParents[i] == 0) {
                ready.set(i);
            }
        }
        int threads = Math.max(1, Math.min(options.threads(), size));
        this.runningOn = new int[threads];
        Arrays.fill(runningOn, -1);
        this.workers = new Thread[threads];
    }

    RunReport run() {
        Instant startedAt = clock.instant();
        long start = System.nanoTime();
        notify(() -> listener.runStarted(plan.nodes()));
        if (plan.size() > 0) {
            startWorkers();
            awaitWorkers();
        }
        RunReport report = report(startedAt, Duration.ofNanos(System.nanoTime() - start));
        notify(() -> listener.runFinished(report));
        return report;
    }

    /** Stops the run: no node starts any more, and the workers running one are cancelled. */
    void stop(String reason) {
        lock.lock();
        try {
            if (stopping) {
                return;
            }
            stopReason = reason;
            stopping = true;
            for (int thread = 0; thread < runningOn.length; thread++) {
                if (runningOn[thread] >= 0) {
                    cancelWorker(thread);
                }
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void cancelWorker(int thread) {
        Cancellable hook = cancelHooks.get(thread);
        if (hook != null) {
            try {
                hook.cancel();
            } catch (RuntimeException e) {
                LOG.warn("Cancelling the node on worker {} failed: {}", thread + 1, e.getMessage());
            }
        }
        if (workers[thread] != null) {
            workers[thread].interrupt();
        }
    }

    private void startWorkers() {
        lock.lock();
        try {
            activeWorkers = workers.length;
            for (int thread = 0; thread < workers.length; thread++) {
                int threadIndex = thread;
                workers[thread] = new Thread(() -> work(threadIndex), "weir-transform-" + (thread + 1));
                workers[thread].setDaemon(true);
            }
        } finally {
            lock.unlock();
        }
        for (Thread worker : workers) {
            worker.start();
        }
    }

    private void awaitWorkers() {
        lock.lock();
        try {
            long graceEnd = 0;
            while (activeWorkers > 0) {
                if (!stopping) {
                    changed.awaitUninterruptibly();
                    continue;
                }
                if (graceEnd == 0) {
                    graceEnd = System.nanoTime() + cancelGrace.toNanos();
                }
                long left = graceEnd - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                changed.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closed = true;
            lock.unlock();
        }
    }

    private void work(int threadIndex) {
        try {
            while (true) {
                int node;
                int number;
                lock.lock();
                try {
                    while (!stopping && ready.isEmpty() && finished < plan.size()) {
                        changed.await();
                    }
                    if (stopping || ready.isEmpty()) {
                        return;
                    }
                    node = ready.nextSetBit(0);
                    ready.clear(node);
                    number = ++taken;
                    runningOn[threadIndex] = node;
                } finally {
                    lock.unlock();
                }
                NodeResult result = execute(node, number, threadIndex);
                if (!closed) {
                    notify(() -> listener.nodeFinished(plan.node(node), result, number, plan.size()));
                }
                complete(node, result, threadIndex);
            }
        } catch (InterruptedException e) {
            // Stopped while waiting for work.
        } finally {
            lock.lock();
            try {
                activeWorkers--;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private NodeResult execute(int index, int number, int threadIndex) {
        Node node = plan.node(index);
        String skipReason = skipReasonOf(index);
        if (skipReason != null) {
            Instant now = clock.instant();
            return new NodeResult(
                    node.uniqueId(), NodeOutcome.skipped(skipReason), now, now, threadIndex, Duration.ZERO);
        }
        notify(() -> listener.nodeStarted(node, number, plan.size()));
        Instant startedAt = clock.instant();
        long start = System.nanoTime();
        NodeOutcome outcome = outcome(node, threadIndex);
        Duration executionTime = Duration.ofNanos(System.nanoTime() - start);
        return new NodeResult(node.uniqueId(), outcome, startedAt, clock.instant(), threadIndex, executionTime);
    }

    private NodeOutcome outcome(Node node, int threadIndex) {
        NodeOutcome outcome;
        try {
            outcome = action.run(node, threadIndex);
            if (outcome == null) {
                outcome = NodeOutcome.error("The runner of " + node.uniqueId() + " returned no outcome");
            }
        } catch (InterruptedException e) {
            outcome = NodeOutcome.error("Interrupted while running");
        } catch (Exception | StackOverflowError e) {
            outcome = NodeOutcome.error(message(e));
        } catch (Error e) {
            LOG.error("Running {} failed inside the runner", node.uniqueId(), e);
            stop("Skipping because the run stopped after an internal error in " + node.uniqueId());
            return NodeOutcome.error(message(e));
        }
        if (stopping && outcome.status() == NodeStatus.ERROR) {
            Thread.interrupted();
            return NodeOutcome.skipped("Cancelled: " + outcome.message());
        }
        return outcome;
    }

    private static String message(Throwable e) {
        if (e instanceof StackOverflowError) {
            return "Too deeply nested: the node's code calls itself without end (stack overflow)";
        }
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }

    private void complete(int index, NodeResult result, int threadIndex) {
        lock.lock();
        try {
            runningOn[threadIndex] = -1;
            if (closed) {
                return;
            }
            results.add(result);
            done[index] = true;
            finished++;
            NodeStatus status = result.status();
            String reason = status.blocksDescendants() ? skipReasonFor(plan.node(index), result) : null;
            for (int child : plan.children(index)) {
                if (reason != null && skipReasons[child] == null) {
                    skipReasons[child] = reason;
                }
                if (--pendingParents[child] == 0) {
                    ready.set(child);
                }
            }
            if (options.failFast() && (status == NodeStatus.ERROR || status == NodeStatus.FAIL)) {
                stop("Skipping due to fail-fast: " + plan.node(index).uniqueId() + " did not succeed");
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private static String skipReasonFor(Node node, NodeResult result) {
        return switch (result.status()) {
            case ERROR -> "Skipping due to an error in " + node.uniqueId();
            case FAIL -> "Skipping due to the failing test " + node.uniqueId();
            case SKIPPED -> result.outcome().message();
            case SUCCESS, PASS, WARN -> null;
        };
    }

    private String skipReasonOf(int index) {
        lock.lock();
        try {
            return skipReasons[index];
        } finally {
            lock.unlock();
        }
    }

    private RunReport report(Instant startedAt, Duration elapsed) {
        lock.lock();
        try {
            List<NodeResult> all = new ArrayList<>(results);
            Instant now = clock.instant();
            for (int index = 0; index < plan.size(); index++) {
                if (!done[index]) {
                    String reason = isRunning(index) ? "Cancelled while running" : stopReason;
                    all.add(new NodeResult(
                            plan.node(index).uniqueId(),
                            NodeOutcome.skipped(reason == null ? "Skipping because the run stopped" : reason),
                            now,
                            now,
                            -1,
                            Duration.ZERO));
                }
            }
            return new RunReport(all, startedAt, elapsed, stopping);
        } finally {
            lock.unlock();
        }
    }

    private boolean isRunning(int index) {
        for (int node : runningOn) {
            if (node == index) {
                return true;
            }
        }
        return false;
    }

    private void notify(Runnable event) {
        try {
            event.run();
        } catch (RuntimeException e) {
            LOG.warn("A run listener failed: {}", e.toString());
        }
    }
}
