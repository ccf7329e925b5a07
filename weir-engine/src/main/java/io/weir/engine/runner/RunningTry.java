package io.weir.engine.runner;

import io.weir.engine.process.ProcessLedger;
import io.weir.engine.process.ProcessTrees;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A try in progress: the thread running it and the processes it started, so that a timeout, a clear or a mark can
 * stop it and everything it started.
 */
public final class RunningTry {
    private static final Duration KILL_GRACE = Duration.ofSeconds(5);

    /** Ends process trees off the caller's thread; a grace period is spent waiting, so threads come and go. */
    private static final ExecutorService KILLERS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "weir-process-kill");
        thread.setDaemon(true);
        return thread;
    });

    private final List<ProcessHandle> processes = new CopyOnWriteArrayList<>();
    private final List<CompletableFuture<Void>> kills = new CopyOnWriteArrayList<>();
    private volatile String cancelReason;
    private boolean finished;
    private volatile Long pid;
    private volatile ProcessLedger.Recorded recordedIn;
    private volatile Instant pidStartedAt;
    private volatile Map<String, String> mark = Map.of();
    private volatile java.nio.file.Path logFile;

    public RunningTry() {}

    /** Records a process of the try; returns true for the first one, whose pid the metadata DB keeps. */
    synchronized boolean processStarted(ProcessHandle process, Instant startedAt) {
        processes.add(process);
        if (cancelReason != null) {
            kill(process);
        }
        if (pid == null) {
            pid = process.pid();
            pidStartedAt = startedAt;
            return true;
        }
        return false;
    }

    /**
     * Stops the try: marks it cancelled and ends its process trees. The thread is never interrupted: an interrupt
     * during file I/O closes the embedded metadata database's files. The first reason given wins; a try that has
     * finished is left alone.
     */
    public void cancel(String reason) {
        synchronized (this) {
            if (cancelReason != null || finished) {
                return;
            }
            cancelReason = reason;
        }
        // Ending a tree waits for its grace period; the caller (a timer, the scheduler loop) must not.
        for (ProcessHandle process : processes) {
            kill(process);
        }
    }

    private void kill(ProcessHandle process) {
        Map<String, String> marked = mark;
        kills.add(CompletableFuture.runAsync(() -> ProcessTrees.kill(process, marked, KILL_GRACE), KILLERS));
    }

    /**
     * Waits up to {@code limit} for the process trees a cancel is ending to be gone (SIGKILL included), so that a
     * stopping Weir does not exit halfway; returns whether they all are.
     */
    public boolean awaitKills(Duration limit) {
        try {
            CompletableFuture.allOf(kills.toArray(CompletableFuture[]::new))
                    .get(Math.max(0, limit.toMillis()), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The mark its processes carry in their environment ({@link ProcessTrees#markOf}), so that a cancel also ends
     * those that left the tree; set before the try starts any.
     */
    void marked(Map<String, String> mark) {
        this.mark = Map.copyOf(mark);
    }

    /** Called by the thread when the try is over; later cancels do nothing. */
    public synchronized void finish() {
        finished = true;
    }

    /** Why the try was cancelled, or null. */
    public String cancelReason() {
        return cancelReason;
    }

    /** The try's log file, once it is known; log retention leaves it alone while the try runs. */
    public java.nio.file.Path logFile() {
        return logFile;
    }

    void logFile(java.nio.file.Path file) {
        this.logFile = file;
    }

    void recordedIn(ProcessLedger.Recorded recorded) {
        this.recordedIn = recorded;
    }

    ProcessLedger.Recorded recordedIn() {
        return recordedIn;
    }

    public Long pid() {
        return pid;
    }

    public Instant pidStartedAt() {
        return pidStartedAt;
    }
}
