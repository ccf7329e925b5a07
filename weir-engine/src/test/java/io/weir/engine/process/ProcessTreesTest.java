package io.weir.engine.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProcessTreesTest {
    private Process started;

    @AfterEach
    void cleanUp() {
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
