package io.weir.engine.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandSupervisorTest {
    private static final long JOB = 7;

    @TempDir
    Path weirDir;

    private final CommandSupervisor supervisor = new CommandSupervisor();

    @AfterEach
    void close() {
        supervisor.close();
    }

    private record Ran(int status, String output) {}

    private Ran run(TryFiles files, ProcessLedger.TryRef ref, Map<String, String> environment, Path cwd, String script)
            throws Exception {
        try (CommandSupervisor.Supervised command = supervisor
                .start(
                        List.of("/bin/bash", "-c", script),
                        environment,
                        cwd,
                        TryFiles.name(ref),
                        files.exitJournal(JOB, ref))
                .orElseThrow()) {
            String output = new String(command.output().readAllBytes(), StandardCharsets.UTF_8);
            return new Ran(command.waitFor(), output);
        }
    }

    @Test
    void aCommandGetsExactlyItsEnvironmentAndFolderAndItsStatusIsJournaledBeforeWeirHearsIt() throws Exception {
        TryFiles files = new TryFiles(weirDir);
        ProcessLedger.TryRef ref = new ProcessLedger.TryRef("shop", "manual__1", "load", 1);
        Path cwd = Files.createDirectories(weirDir.resolve("with 'quote' and space"));

        Ran ran = run(
                files,
                ref,
                Map.of("GREETING", "it's\nmulti-line $HOME `x`", "PATH", "/usr/bin:/bin"),
                cwd,
                "echo \"$GREETING\"; pwd; echo $(compgen -e | sort); echo oops >&2; exit 3");

        assertThat(ran.status()).isEqualTo(3);
        assertThat(ran.output()).isEqualTo("it's\nmulti-line $HOME `x`\n" + cwd + "\nGREETING PATH PWD SHLVL\noops\n");
        assertThat(files.exitStatuses(JOB).of(ref)).contains(3);
    }

    @Test
    void aFolderGoneBeforeTheCommandStartsEndsItWithAJournaledFailureAndTheShellsReason() throws Exception {
        TryFiles files = new TryFiles(weirDir);
        ProcessLedger.TryRef ref = new ProcessLedger.TryRef("shop", "manual__1", "load", 1);

        Ran ran = run(files, ref, Map.of(), weirDir.resolve("removed"), "echo never");

        assertThat(ran.status()).isEqualTo(126);
        assertThat(ran.output()).contains("removed").doesNotContain("never");
        assertThat(files.exitStatuses(JOB).of(ref)).contains(126);
    }

    @Test
    void manyCommandsAtOnceEachGetTheirOwnOutputAndStatus() throws Exception {
        TryFiles files = new TryFiles(weirDir);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        List<Future<Ran>> runs = new ArrayList<>();
        for (int index = 0; index < 40; index++) {
            ProcessLedger.TryRef ref = new ProcessLedger.TryRef("d", "r", "t" + index, 1);
            int status = index % 5;
            runs.add(threads.submit(
                    () -> run(files, ref, Map.of(), weirDir, "echo " + ref.taskId() + "; exit " + status)));
        }
        for (int index = 0; index < 40; index++) {
            assertThat(runs.get(index).get()).isEqualTo(new Ran(index % 5, "t" + index + "\n"));
            assertThat(files.exitStatuses(JOB).of(new ProcessLedger.TryRef("d", "r", "t" + index, 1)))
                    .contains(index % 5);
        }
        threads.shutdown();
    }

    @Test
    void endingTheSubshellsTreeEndsTheCommandAndItsOutput() throws Exception {
        TryFiles files = new TryFiles(weirDir);
        ProcessLedger.TryRef ref = new ProcessLedger.TryRef("d", "r", "sleepy", 1);
        try (CommandSupervisor.Supervised command = supervisor
                .start(
                        List.of("/bin/bash", "-c", "sleep 60 & sleep 60 & echo started; wait"),
                        Map.of(),
                        weirDir,
                        TryFiles.name(ref),
                        files.exitJournal(JOB, ref))
                .orElseThrow()) {
            // Said once both sleeps have started, so the kill below finds them in the tree.
            byte[] first = command.output().readNBytes("started\n".length());
            assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo("started\n");

            ProcessTrees.kill(command.process().orElseThrow(), Duration.ofSeconds(5));

            // Ends (bash may still say what ended its child) once the command and its background sleep are gone.
            assertThat(new String(command.output().readAllBytes(), StandardCharsets.UTF_8))
                    .doesNotContain("started");
            assertThat(command.waitFor()).isNotZero();
        }
    }

    @Test
    void aCommandOutlivesTheSupervisorsLoopAndStillJournalsItsStatus() throws Exception {
        TryFiles files = new TryFiles(weirDir);
        ProcessLedger.TryRef ref = new ProcessLedger.TryRef("d", "r", "late", 1);
        Path release = weirDir.resolve("release");
        CommandSupervisor.Supervised command = supervisor
                .start(
                        List.of("/bin/bash", "-c", "while [ ! -e " + release + " ]; do sleep 0.05; done; exit 4"),
                        Map.of(),
                        weirDir,
                        TryFiles.name(ref),
                        files.exitJournal(JOB, ref))
                .orElseThrow();
        // As when Weir dies: the loop's input closes, and no one reads the command's output any more.
        supervisor.close();
        command.output().close();
        Files.writeString(release, "");

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (files.exitStatuses(JOB).of(ref).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(new TryFiles(weirDir).exitStatuses(JOB).of(ref)).contains(4);
    }

    @Test
    void aFreshShellTakesOverNowAndThenWithoutLosingACommand() throws Exception {
        TryFiles files = new TryFiles(weirDir);
        try (CommandSupervisor rotating = new CommandSupervisor(3)) {
            for (int index = 0; index < 10; index++) {
                ProcessLedger.TryRef ref = new ProcessLedger.TryRef("d", "r", "t" + index, 1);
                try (CommandSupervisor.Supervised command = rotating.start(
                                List.of("/bin/sh", "-c", "echo $0; exit 2", "run" + index),
                                Map.of(),
                                weirDir,
                                TryFiles.name(ref),
                                files.exitJournal(JOB, ref))
                        .orElseThrow()) {
                    assertThat(new String(command.output().readAllBytes(), StandardCharsets.UTF_8))
                            .isEqualTo("run" + index + "\n");
                    assertThat(command.waitFor()).isEqualTo(2);
                }
                assertThat(files.exitStatuses(JOB).of(ref)).contains(2);
            }
        }
    }

    @Test
    void aStartThatFailsPartWayLeavesNoRequestWaitingAndRemovesItsPipe() throws Exception {
        TryFiles files = new TryFiles(weirDir);
        ProcessLedger.TryRef first = new ProcessLedger.TryRef("d", "r", "first", 1);
        ProcessLedger.TryRef second = new ProcessLedger.TryRef("d", "r", "second", 1);
        // Each request gets a fresh shell, so no answer is there before the start waits for it.
        CommandSupervisor fresh = new CommandSupervisor(1);
        Path pipes;
        try (CommandSupervisor.Supervised command = fresh.start(
                        List.of("/bin/sh", "-c", "readlink /proc/$$/fd/1"),
                        Map.of(),
                        weirDir,
                        TryFiles.name(first),
                        files.exitJournal(JOB, first))
                .orElseThrow()) {
            pipes = Path.of(new String(command.output().readAllBytes(), StandardCharsets.UTF_8).strip())
                    .getParent();
            command.waitFor();
        }

        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> fresh.start(
                        List.of("/bin/sh", "-c", "echo late"),
                        Map.of(),
                        weirDir,
                        TryFiles.name(second),
                        files.exitJournal(JOB, second)))
                .isInstanceOf(InterruptedException.class);
        Thread.interrupted();

        assertThat(fresh.pendingRequests()).isZero();
        fresh.close();
        // Closing removes the free pipes and their folder, which only a pipe the failed start kept would keep.
        assertThat(pipes).doesNotExist();
    }

    @Test
    void aStartWhosePipeWasCleanedAwayFailsWithoutLeavingARequestWaiting() throws Exception {
        TryFiles files = new TryFiles(weirDir);
        ProcessLedger.TryRef first = new ProcessLedger.TryRef("d", "r", "first", 1);
        ProcessLedger.TryRef second = new ProcessLedger.TryRef("d", "r", "second", 1);
        Path pipes = Path.of(run(files, first, Map.of(), weirDir, "readlink /proc/$$/fd/1")
                        .output()
                        .strip())
                .getParent();
        // As a cleaner of the temporary folder does with files it finds old.
        try (var free = Files.list(pipes)) {
            for (Path pipe : free.toList()) {
                Files.delete(pipe);
            }
        }

        assertThatThrownBy(() -> supervisor.start(
                        List.of("/bin/sh", "-c", "echo never"),
                        Map.of(),
                        weirDir,
                        TryFiles.name(second),
                        files.exitJournal(JOB, second)))
                .isInstanceOf(java.nio.file.NoSuchFileException.class);

        assertThat(supervisor.pendingRequests()).isZero();
    }

    @Test
    void aVariableTheShellCannotNameIsLeftToTheCaller() throws Exception {
        TryFiles files = new TryFiles(weirDir);
        ProcessLedger.TryRef ref = new ProcessLedger.TryRef("d", "r", "odd", 1);
        assertThat(supervisor.start(
                        List.of("/bin/true"),
                        Map.of("NOT-A-NAME", "x"),
                        weirDir,
                        TryFiles.name(ref),
                        files.exitJournal(JOB, ref)))
                .isEmpty();
    }
}
