package io.weir.engine.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TryFilesTest {
    private static final long JOB = 42;

    @TempDir
    Path weirDir;

    private final ProcessLedger.TryRef ref =
            new ProcessLedger.TryRef("shop", "manual__2024-01-01T00:00:00+00:00", "load/raw", 2);

    private static int runSupervised(TryFiles files, ProcessLedger.TryRef ref, String script) throws Exception {
        Process process = new ProcessBuilder(
                        TryFiles.supervised(List.of("bash", "-c", script), files.exitJournal(JOB, ref), ref))
                .redirectErrorStream(true)
                .start();
        process.getInputStream().readAllBytes();
        return process.waitFor();
    }

    @Test
    void theSupervisorKeepsTheCommandsExitStatusInItsJobsJournalAndExitsWithIt() throws Exception {
        TryFiles files = new TryFiles(weirDir);

        assertThat(files.exitStatuses(JOB).of(ref)).isEmpty();
        assertThat(runSupervised(files, ref, "echo 'two words' \"$0\"; exit 3")).isEqualTo(3);
        assertThat(files.exitStatuses(JOB).of(ref)).contains(3);
        assertThat(new TryFiles(weirDir).exitStatuses(JOB).of(ref))
                .as("read by another process, such as the one recovering the job")
                .contains(3);
        assertThat(runSupervised(files, ref, "true")).isZero();
        assertThat(files.exitStatuses(JOB).of(ref)).contains(0);
        assertThat(files.exitStatuses(JOB + 1).of(ref)).as("another job's").isEmpty();
    }

    @Test
    void eachTryHasItsOwnXComAndStatusAndTheJournalsGoWithTheJob() throws Exception {
        TryFiles files = new TryFiles(weirDir);
        ProcessLedger.TryRef next = new ProcessLedger.TryRef(ref.dagId(), ref.runId(), ref.taskId(), 3);
        Files.writeString(files.xcomFile(ref), "{\"record_count\": 5}");
        runSupervised(files, ref, "exit 0");

        assertThat(files.xcomText(ref)).contains("{\"record_count\": 5}");
        assertThat(files.xcomText(next)).isEmpty();
        assertThat(files.exitStatuses(JOB).of(next)).isEmpty();
        assertThat(files.xcomFile(ref).getParent()).isEqualTo(weirDir.resolve("tries"));

        files.delete(ref);
        assertThat(files.xcomText(ref)).isEmpty();

        files.forgetJob(JOB);
        assertThat(files.exitStatuses(JOB).of(ref)).isEmpty();
        try (var left = Files.list(weirDir.resolve("tries"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void aJournalWhoseTriesAreAllRecordedIsDeletedOnceNewTriesUseTheNextOne() throws Exception {
        TryFiles files = new TryFiles(weirDir);
        ProcessLedger.TryRef first = new ProcessLedger.TryRef("d", "r", "first", 1);
        runSupervised(files, first, "exit 0");
        for (int index = 1; index < TryFiles.TRIES_PER_JOURNAL; index++) {
            files.exitJournal(JOB, new ProcessLedger.TryRef("d", "r", "t" + index, 1));
        }
        ProcessLedger.TryRef inNext = new ProcessLedger.TryRef("d", "r", "later", 1);
        runSupervised(files, inNext, "exit 1");
        try (var journals = Files.list(weirDir.resolve("tries"))) {
            assertThat(journals).hasSize(2);
        }

        files.delete(first);
        for (int index = 1; index < TryFiles.TRIES_PER_JOURNAL - 1; index++) {
            files.delete(new ProcessLedger.TryRef("d", "r", "t" + index, 1));
        }
        assertThat(files.exitStatuses(JOB).of(first))
                .as("kept while a try of its journal is unrecorded")
                .contains(0);

        files.delete(new ProcessLedger.TryRef("d", "r", "t" + (TryFiles.TRIES_PER_JOURNAL - 1), 1));

        assertThat(files.exitStatuses(JOB).of(first)).as("its journal is gone").isEmpty();
        assertThat(files.exitStatuses(JOB).of(inNext)).contains(1);
    }
}
