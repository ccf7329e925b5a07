package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded H2 metadata database shared across processes: a scheduler killed with SIGKILL and started again,
 * over and over, while another process's CLI lists the DAGs every 0.3 s. Every start succeeds and every CLI call
 * answers; no one sees a lock error.
 */
class EmbeddedKillRestartIT {
    private static final int CYCLES = 5;

    @TempDir
    Path dir;

    @Test
    void aSchedulerAlwaysStartsAndTheCliAlwaysAnswersAcrossKillsAndRestarts() throws Exception {
        TestProject project = new TestProject(dir.resolve("project"));
        project.dag(
                "ticking.yaml",
                """
                dag_id: ticking
                schedule: null
                tasks:
                  tick:
                    type: command
                    command: sleep 0.2
                """);
        project.ok("dags", "list");
        List<String> failures = new CopyOnWriteArrayList<>();
        AtomicInteger answered = new AtomicInteger();
        AtomicBoolean polling = new AtomicBoolean(true);
        Thread poller = new Thread(() -> {
            while (polling.get()) {
                CliRun run = project.weir("dags", "list");
                if (run.exitCode() == 0) {
                    answered.incrementAndGet();
                } else {
                    failures.add(run.toString());
                }
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        poller.start();
        Random random = new Random();
        try {
            for (int cycle = 0; cycle <= CYCLES; cycle++) {
                Path log = dir.resolve("scheduler-" + cycle + ".log");
                Process scheduler = startScheduler(project, log);
                awaitStarted(scheduler, log);
                project.ok("dags", "trigger", "ticking");
                Thread.sleep(200 + random.nextInt(800));
                if (cycle < CYCLES) {
                    scheduler.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                } else {
                    scheduler.destroy();
                    assertThat(scheduler.waitFor(60, TimeUnit.SECONDS)).isTrue();
                    assertThat(Files.readString(log)).contains("Stopped.");
                }
            }
        } finally {
            polling.set(false);
            poller.join(30_000);
        }
        assertThat(failures).as("CLI calls that did not answer").isEmpty();
        assertThat(answered.get()).isPositive();
    }

    private static void awaitStarted(Process scheduler, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            String text = Files.exists(log) ? Files.readString(log) : "";
            if (text.contains("Press Ctrl-C to stop.")) {
                return;
            }
            assertThat(scheduler.isAlive())
                    .as("the scheduler is starting; its output:\n" + text)
                    .isTrue();
            assertThat(System.nanoTime())
                    .as("started within a minute; its output:\n" + text)
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static Process startScheduler(TestProject project, Path log) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(
                java,
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                "io.weir.cli.Main",
                "--project",
                project.dir().toString(),
                "scheduler"));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(project.environment());
        return builder.start();
    }
}
