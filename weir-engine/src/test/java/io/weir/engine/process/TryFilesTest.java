package io.weir.engine.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TryFilesTest {
    @TempDir
    Path weirDir;

    private final ProcessLedger.TryRef ref =
            new ProcessLedger.TryRef("shop", "manual__2024-01-01T00:00:00+00:00", "load/raw", 2);

    private int runSupervised(TryFiles files, String script) throws Exception {
        Process process = new ProcessBuilder(
                        TryFiles.supervised(List.of("bash", "-c", script), files.exitStatusFile(ref)))
                .redirectErrorStream(true)
                .start();
        process.getInputStream().readAllBytes();
        return process.waitFor();
    }

    @Test
    void theSupervisorKeepsTheCommandsExitStatusBesideTheTryAndExitsWithIt() throws Exception {
        TryFiles files = new TryFiles(weirDir);
        files.xcomFile(ref);

        assertThat(files.exitStatus(ref)).isEmpty();
        assertThat(runSupervised(files, "echo 'two words' \"$0\"; exit 3")).isEqualTo(3);
        assertThat(files.exitStatus(ref)).contains(3);
        assertThat(runSupervised(files, "true")).isZero();
        assertThat(files.exitStatus(ref)).contains(0);
    }

    @Test
    void theXComAndTheStatusOfEachTryAreItsOwnAndGoWhenItsEndIsRecorded() throws Exception {
        TryFiles files = new TryFiles(weirDir);
        ProcessLedger.TryRef next = new ProcessLedger.TryRef(ref.dagId(), ref.runId(), ref.taskId(), 3);
        Files.writeString(files.xcomFile(ref), "{\"record_count\": 5}");
        runSupervised(files, "exit 0");

        assertThat(files.xcomText(ref)).contains("{\"record_count\": 5}");
        assertThat(files.xcomText(next)).isEmpty();
        assertThat(files.exitStatus(next)).isEmpty();
        assertThat(files.xcomFile(ref).getParent()).isEqualTo(weirDir.resolve("tries"));

        files.delete(ref);

        assertThat(files.xcomText(ref)).isEmpty();
        assertThat(files.exitStatus(ref)).isEmpty();
        try (var left = Files.list(weirDir.resolve("tries"))) {
            assertThat(left).isEmpty();
        }
    }
}
