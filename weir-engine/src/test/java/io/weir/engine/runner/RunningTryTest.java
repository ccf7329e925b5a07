package io.weir.engine.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.engine.process.ProcessStates;
import io.weir.engine.process.ProcessTrees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunningTryTest {
    @TempDir
    Path temp;

    @Test
    void awaitKillsReturnsOnceEvenAStubbornBackgroundProcessIsGone() throws Exception {
        Map<String, String> environment = Map.of(
                "WEIR_PROJECT", temp.toString(),
                "WEIR_DAG_ID", "stubborn",
                "WEIR_RUN_ID", "manual__2024-01-01T00:00:00+00:00",
                "WEIR_TASK_ID", "serve",
                "WEIR_TRY_NUMBER", "1");
        // A background process that ignores SIGTERM and outlives its shell: only SIGKILL, after the grace, ends it.
        ProcessBuilder builder = new ProcessBuilder(
                        "bash", "-c", "(trap '' TERM; sleep 300 & echo $! > orphan.pid; wait) & sleep 300")
                .directory(temp.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(environment);
        Process shell = builder.start();
        long orphan = awaitPid(temp.resolve("orphan.pid"));
        try {
            RunningTry attempt = new RunningTry();
            attempt.marked(ProcessTrees.markOf(environment));
            attempt.processStarted(shell.toHandle(), Instant.now());

            attempt.cancel("Weir is stopping");

            assertThat(attempt.awaitKills(Duration.ofSeconds(30))).isTrue();
            assertThat(ProcessStates.ended(orphan))
                    .as("the stubborn sleep was killed")
                    .isTrue();
            assertThat(ProcessStates.ended(shell.pid())).isTrue();
        } finally {
            ProcessHandle.of(orphan).ifPresent(ProcessHandle::destroyForcibly);
            shell.destroyForcibly();
        }
    }

    private static long awaitPid(Path file) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                String text = Files.readString(file).strip();
                if (text.matches("\\d+")) {
                    return Long.parseLong(text);
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the script did not write " + file + " within 10 s");
    }
}
