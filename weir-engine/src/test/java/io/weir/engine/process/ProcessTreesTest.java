package io.weir.engine.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessTreesTest {
    private static final Map<String, String> MARK = Map.of(
            "WEIR_PROJECT", "/srv/weir-test-" + ProcessHandle.current().pid(),
            "WEIR_DAG_ID", "orphans",
            "WEIR_RUN_ID", "manual__2024-01-01T00:00:00+00:00",
            "WEIR_TASK_ID", "detach",
            "WEIR_TRY_NUMBER", "1");

    @TempDir
    Path temp;

    private Process started;
    private final List<Long> orphans = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        orphans.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        if (started != null) {
            started.descendants().forEach(ProcessHandle::destroyForcibly);
            started.destroyForcibly();
        }
    }

    @Test
    void killEndsRootAndEveryDescendant() throws Exception {
        started = start("sleep 300 & sleep 300; wait");
        List<ProcessHandle> sleeps = awaitDescendants(started, 2);

        ProcessTrees.kill(started.toHandle(), Duration.ofSeconds(5));

        assertThat(ProcessStates.ended(started.pid())).isTrue();
        assertThat(sleeps).allSatisfy(sleep -> assertThat(ProcessStates.ended(sleep.pid()))
                .isTrue());
    }

    @Test
    void killWithTheTryMarkEndsBackgroundProcessesWhoseParentExited() throws Exception {
        // The subshell exits at once, so its sleep is re-parented and is no longer in the tree of the root.
        started = start("(sleep 300 & echo $! > orphan.pid); sleep 300", MARK);
        long orphan = awaitPid(temp.resolve("orphan.pid"));
        assertThat(started.descendants().map(ProcessHandle::pid)).doesNotContain(orphan);

        ProcessTrees.kill(started.toHandle(), ProcessTrees.markOf(MARK), Duration.ofSeconds(5));

        assertThat(ProcessStates.ended(started.pid())).isTrue();
        assertThat(ProcessStates.ended(orphan))
                .as("the re-parented sleep ended")
                .isTrue();
    }

    @Test
    void killMarkedEndsOnlyTheProcessesOfThatTry() throws Exception {
        Map<String, String> otherTry = new HashMap<>(MARK);
        otherTry.put("WEIR_TRY_NUMBER", "2");
        started = start("(sleep 300 & echo $! > orphan.pid); true", otherTry);
        long otherOrphan = awaitPid(temp.resolve("orphan.pid"));
        started.waitFor();
        Process second = start("(sleep 300 & echo $! > mine.pid); true", MARK);
        long mine = awaitPid(temp.resolve("mine.pid"));
        second.waitFor();

        assertThat(ProcessTrees.marked(ProcessTrees.markOf(MARK)))
                .extracting(ProcessHandle::pid)
                .containsExactly(mine);
        assertThat(ProcessTrees.killMarked(ProcessTrees.markOf(MARK), Duration.ofSeconds(5)))
                .isEqualTo(1);

        assertThat(ProcessStates.ended(mine)).isTrue();
        assertThat(ProcessStates.ended(otherOrphan))
                .as("another try's process is left alone")
                .isFalse();
    }

    @Test
    void aMarkMissingAVariableMatchesNothing() {
        Map<String, String> partial = new HashMap<>(MARK);
        partial.remove("WEIR_TRY_NUMBER");

        assertThat(ProcessTrees.markOf(partial)).isEmpty();
        assertThat(ProcessTrees.marked(Map.of())).isEmpty();
        assertThat(ProcessTrees.killMarked(Map.of(), Duration.ZERO)).isZero();
    }

    @Test
    void killForcesProcessesThatIgnoreTermination() throws Exception {
        // An ignored signal stays ignored in the children, so neither bash nor sleep obeys SIGTERM.
        started = start("trap '' TERM; sleep 300; echo never");
        List<ProcessHandle> sleeps = awaitDescendants(started, 1);
        long begin = System.nanoTime();

        ProcessTrees.kill(started.toHandle(), Duration.ofMillis(300));

        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(ProcessStates.ended(started.pid())).isTrue();
        assertThat(ProcessStates.ended(sleeps.get(0).pid())).isTrue();
    }

    @Test
    void killIfSameLeavesAProcessWithAnotherStartTimeAlone() throws Exception {
        started = start("sleep 300");
        Instant actualStart = started.info().startInstant().orElseThrow();

        assertThat(ProcessTrees.killIfSame(started.pid(), actualStart.minusSeconds(60)))
                .isFalse();
        assertThat(ProcessTrees.killIfSame(started.pid(), actualStart.plusSeconds(2)))
                .isFalse();
        assertThat(ProcessTrees.killIfSame(started.pid(), null)).isFalse();

        Thread.sleep(100);
        assertThat(started.isAlive()).isTrue();
    }

    @Test
    void killIfSameKillsTheProcessThatStartedThen() throws Exception {
        started = start("sleep 300 & wait");
        List<ProcessHandle> sleeps = awaitDescendants(started, 1);
        Instant startedToTheSecond =
                started.info().startInstant().orElseThrow().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

        assertThat(ProcessTrees.killIfSame(started.pid(), startedToTheSecond, Duration.ofSeconds(5)))
                .isTrue();

        assertThat(ProcessStates.ended(started.pid())).isTrue();
        assertThat(ProcessStates.ended(sleeps.get(0).pid())).isTrue();
    }

    @Test
    void killIfSameOfAnEndedProcessDoesNothing() throws Exception {
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();

        assertThat(ProcessTrees.killIfSame(finished.pid(), Instant.now())).isFalse();
    }

    @Test
    void isRunningIsFalseForAFinishedProcess() throws Exception {
        started = start("sleep 300");
        assertThat(ProcessTrees.isRunning(started.toHandle())).isTrue();

        started.destroy();
        started.waitFor();

        assertThat(ProcessTrees.isRunning(started.toHandle())).isFalse();
    }

    private static Process start(String script) throws IOException {
        return new ProcessBuilder("bash", "-c", script)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private Process start(String script, Map<String, String> environment) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", script)
                .directory(temp.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(environment);
        return builder.start();
    }

    /** The pid a script wrote to {@code file}; remembered so the test ends it whatever happens. */
    private long awaitPid(Path file) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                String text = Files.readString(file).strip();
                if (text.matches("\\d+")) {
                    long pid = Long.parseLong(text);
                    orphans.add(pid);
                    return pid;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the script did not write " + file + " within 10 s");
    }

    private static List<ProcessHandle> awaitDescendants(Process process, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            List<ProcessHandle> descendants = process.descendants().toList();
            if (descendants.size() >= count) {
                return descendants;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the script did not start " + count + " child processes within 10 s");
    }
}
