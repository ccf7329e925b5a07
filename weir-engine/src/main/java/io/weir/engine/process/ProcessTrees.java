package io.weir.engine.process;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Ends a process and everything it started: politely first, then by force. */
public final class ProcessTrees {
    /** How long {@link #killIfSame(long, Instant)} lets a process end on its own before killing it. */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);

    private static final Duration POLL = Duration.ofMillis(20);
    private static final Duration FORCED_EXIT_WAIT = Duration.ofSeconds(2);
    private static final Duration SAME_START_TOLERANCE = Duration.ofSeconds(1);

    private ProcessTrees() {}

    /**
     * Asks {@code root} and its descendants to terminate (SIGTERM), waits up to {@code grace} for them to exit,
     * then kills (SIGKILL) whatever still runs, including descendants started meanwhile. Keeps the thread's
     * interrupt status; an interrupt while waiting shortens the grace to nothing.
     */
    public static void kill(ProcessHandle root, Duration grace) {
        requireNonNull(root, "root is null");
        requireNonNull(grace, "grace is null");
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(root);
        root.descendants().forEach(tree::add);
        // Children first, so a parent cannot start a replacement for a child it sees die.
        for (int index = tree.size() - 1; index >= 0; index--) {
            tree.get(index).destroy();
        }
        if (waitForExit(tree, grace)) {
            return;
        }
        Set<ProcessHandle> remaining = new LinkedHashSet<>();
        for (ProcessHandle process : tree) {
            if (isRunning(process)) {
                remaining.add(process);
                process.descendants().forEach(remaining::add);
            }
        }
        remaining.forEach(ProcessHandle::destroyForcibly);
        waitForExit(List.copyOf(remaining), FORCED_EXIT_WAIT);
    }

    /**
     * Kills the process tree of {@code pid} only if that pid is a running process that started at
     * {@code startedAt} (to the second): after a crash the pid may have been reused by an unrelated process,
     * which is left alone, as is a pid whose start time was never known ({@code startedAt} null). Returns whether a
     * process was killed.
     */
    public static boolean killIfSame(long pid, Instant startedAt) {
        return killIfSame(pid, startedAt, DEFAULT_GRACE);
    }

    public static boolean killIfSame(long pid, Instant startedAt, Duration grace) {
        if (startedAt == null) {
            return false;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid)
                .filter(candidate -> !candidate.equals(ProcessHandle.current()))
                .filter(ProcessTrees::isRunning);
        if (process.isEmpty()) {
            return false;
        }
        Optional<Instant> actualStart = process.get().info().startInstant();
        if (actualStart.isEmpty()
                || Duration.between(actualStart.get(), startedAt).abs().compareTo(SAME_START_TOLERANCE) >= 0) {
            return false;
        }
        kill(process.get(), grace);
        return true;
    }

    /**
     * Whether the process still runs. Unlike {@link ProcessHandle#isAlive()}, a zombie (exited, not yet reaped by
     * its parent, as happens under a container's init that does not reap) counts as ended.
     */
    public static boolean isRunning(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
        try {
            String text = Files.readString(stat, StandardCharsets.ISO_8859_1);
            // The command name in parentheses may contain spaces; the state is the field after it.
            int nameEnd = text.lastIndexOf(')');
            if (nameEnd < 0 || nameEnd + 2 >= text.length()) {
                return true;
            }
            char state = text.charAt(nameEnd + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            // No /proc (not Linux), or the process is gone already.
            return process.isAlive();
        }
    }

    private static boolean waitForExit(List<ProcessHandle> processes, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            if (processes.stream().noneMatch(ProcessTrees::isRunning)) {
                return true;
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return processes.stream().noneMatch(ProcessTrees::isRunning);
            }
        }
    }
}
