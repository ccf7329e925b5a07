package io.weir.engine.process;

import static java.util.Objects.requireNonNull;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Ends a process and everything it started: politely first, then by force. "Everything it started" includes
 * processes that left the tree: a try's processes all carry its {@linkplain #MARK_VARIABLES mark} in their
 * environment, so a background process whose parent exited ({@code (cmd &)}, a daemonizing program) is found even
 * after it was re-parented.
 */
public final class ProcessTrees {
    /**
     * The environment variables that together name one try of one project: every process a try starts inherits
     * them unless it clears its environment.
     */
    public static final List<String> MARK_VARIABLES =
            List.of("WEIR_PROJECT", "WEIR_DAG_ID", "WEIR_RUN_ID", "WEIR_TASK_ID", "WEIR_TRY_NUMBER");

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
        kill(root, Map.of(), grace);
    }

    /**
     * As {@link #kill(ProcessHandle, Duration)}, and also ends every process carrying {@code mark} (see
     * {@link #markOf(Map)}) with its descendants; an empty mark adds none.
     */
    public static void kill(ProcessHandle root, Map<String, String> mark, Duration grace) {
        requireNonNull(root, "root is null");
        requireNonNull(mark, "mark is null");
        requireNonNull(grace, "grace is null");
        List<ProcessHandle> start = new ArrayList<>();
        start.add(root);
        start.addAll(marked(mark));
        killAll(start, mark, grace);
    }

    /** Ends every process carrying {@code mark} and its descendants; returns how many there were. */
    public static int killMarked(Map<String, String> mark, Duration grace) {
        requireNonNull(mark, "mark is null");
        requireNonNull(grace, "grace is null");
        List<ProcessHandle> marked = marked(mark);
        if (!marked.isEmpty()) {
            killAll(marked, mark, grace);
        }
        return marked.size();
    }

    /**
     * The mark of the try whose environment this is: the values of {@link #MARK_VARIABLES}, or an empty map when
     * one is missing (a mark must never match unrelated processes).
     */
    public static Map<String, String> markOf(Map<String, String> environment) {
        Map<String, String> mark = new LinkedHashMap<>();
        for (String name : MARK_VARIABLES) {
            String value = environment.get(name);
            if (value == null || value.isEmpty()) {
                return Map.of();
            }
            mark.put(name, value);
        }
        return Map.copyOf(mark);
    }

    /** The mark a try's processes inherit, as the runner sets it: see {@link #MARK_VARIABLES}. */
    public static Map<String, String> markOf(Path projectDir, ProcessLedger.TryRef ref) {
        return markOf(Map.of(
                "WEIR_PROJECT", projectDir.toString(),
                "WEIR_DAG_ID", ref.dagId(),
                "WEIR_RUN_ID", ref.runId(),
                "WEIR_TASK_ID", ref.taskId(),
                "WEIR_TRY_NUMBER", Integer.toString(ref.tryNumber())));
    }

    /**
     * The running processes of this user whose environment holds every entry of {@code mark}, never Weir's own
     * process or its ancestors. Read from {@code /proc}; empty where there is none, or for an empty mark.
     */
    public static List<ProcessHandle> marked(Map<String, String> mark) {
        if (mark.isEmpty()) {
            return List.of();
        }
        File[] entries = new File("/proc").listFiles();
        if (entries == null) {
            return List.of();
        }
        Set<Long> excluded = new java.util.HashSet<>();
        for (Optional<ProcessHandle> process = Optional.of(ProcessHandle.current());
                process.isPresent();
                process = process.get().parent()) {
            excluded.add(process.get().pid());
        }
        List<byte[]> wanted = new ArrayList<>();
        mark.forEach((name, value) -> wanted.add((name + "=" + value).getBytes(StandardCharsets.UTF_8)));
        List<ProcessHandle> found = new ArrayList<>();
        for (File folder : entries) {
            long pid = parsePid(folder.getName());
            if (pid < 0 || excluded.contains(pid)) {
                continue;
            }
            byte[] environment = readEnvironment(new File(folder, "environ"));
            if (environment != null && wanted.stream().allMatch(variable -> holdsEntry(environment, variable))) {
                ProcessHandle.of(pid).filter(ProcessTrees::isRunning).ifPresent(found::add);
            }
        }
        return found;
    }

    /** Ends {@code roots} and their descendants, and, when force is needed, whatever carries {@code mark} by then. */
    private static void killAll(List<ProcessHandle> roots, Map<String, String> mark, Duration grace) {
        Set<ProcessHandle> members = new LinkedHashSet<>();
        for (ProcessHandle root : roots) {
            members.add(root);
            root.descendants().forEach(members::add);
        }
        List<ProcessHandle> tree = new ArrayList<>(members);
        // Children first, so a parent cannot start a replacement for a child it sees die.
        for (int index = tree.size() - 1; index >= 0; index--) {
            tree.get(index).destroy();
        }
        List<ProcessHandle> stillMarked;
        if (waitForExit(tree, grace)) {
            // Something may have started a marked process while the others ended (a TERM trap): force it.
            stillMarked = marked(mark);
            if (stillMarked.isEmpty()) {
                return;
            }
            tree = stillMarked;
        } else {
            stillMarked = marked(mark);
        }
        Set<ProcessHandle> remaining = new LinkedHashSet<>();
        for (ProcessHandle process : tree) {
            if (isRunning(process)) {
                remaining.add(process);
                process.descendants().forEach(remaining::add);
            }
        }
        for (ProcessHandle process : stillMarked) {
            remaining.add(process);
            process.descendants().forEach(remaining::add);
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

    private static long parsePid(String name) {
        if (name.isEmpty() || name.length() > 18) {
            return -1;
        }
        for (int index = 0; index < name.length(); index++) {
            if (!Character.isDigit(name.charAt(index))) {
                return -1;
            }
        }
        return Long.parseLong(name);
    }

    /** A process's initial environment, or null when it is gone or belongs to another user. */
    private static byte[] readEnvironment(File file) {
        try (var input = new java.io.FileInputStream(file)) {
            return input.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }

    /** Whether the NUL-separated environment holds {@code entry} ("NAME=value") as one whole variable. */
    private static boolean holdsEntry(byte[] environment, byte[] entry) {
        int start = 0;
        while (start < environment.length) {
            int end = start;
            while (end < environment.length && environment[end] != 0) {
                end++;
            }
            if (end - start == entry.length
                    && java.util.Arrays.equals(environment, start, end, entry, 0, entry.length)) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }
}
