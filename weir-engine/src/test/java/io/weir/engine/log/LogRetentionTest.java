package io.weir.engine.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.engine.log.LogRetention.RetentionResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogRetentionTest {
    private static final Instant NOW = Instant.parse("2024-03-01T00:00:00Z");

    @TempDir
    Path root;

    private final LogRetention retention = new LogRetention();

    @Test
    void deletesLogsOlderThanTheRetentionAndTheFoldersThusEmptied() throws IOException {
        Path old = log("dag_id=a/run_id=r1/task_id=t/attempt=1.log", 100, NOW.minus(Duration.ofDays(31)));
        Path oldBeside = log("dag_id=b/run_id=r1/task_id=t/attempt=1.log", 100, NOW.minus(Duration.ofDays(40)));
        Path recentBeside = log("dag_id=b/run_id=r1/task_id=t/attempt=2.log", 50, NOW.minus(Duration.ofDays(1)));
        Path notALog = write("dag_id=c/notes.txt", 10, NOW.minus(Duration.ofDays(100)));

        RetentionResult result = retention.sweep(root, 30, Long.MAX_VALUE, NOW);

        assertThat(result).isEqualTo(new RetentionResult(2, 200, 3, 1, 50));
        assertThat(old).doesNotExist();
        assertThat(root.resolve("dag_id=a")).doesNotExist();
        assertThat(oldBeside).doesNotExist();
        assertThat(recentBeside).exists();
        assertThat(notALog).exists();
        assertThat(root).isDirectory();
    }

    @Test
    void deletesOldestFirstUntilUnderTheSizeCap() throws IOException {
        Path oldest = log("dag_id=a/run_id=r1/task_id=t/attempt=1.log", 100, NOW.minus(Duration.ofHours(3)));
        Path middle = log("dag_id=a/run_id=r2/task_id=t/attempt=1.log", 100, NOW.minus(Duration.ofHours(2)));
        Path newest = log("dag_id=a/run_id=r3/task_id=t/attempt=1.log", 100, NOW.minus(Duration.ofHours(1)));

        RetentionResult result = retention.sweep(root, 30, 150, NOW);

        assertThat(result.filesDeleted()).isEqualTo(2);
        assertThat(result.bytesFreed()).isEqualTo(200);
        assertThat(result.bytesKept()).isEqualTo(100);
        assertThat(oldest).doesNotExist();
        assertThat(middle).doesNotExist();
        assertThat(newest).exists();
        assertThat(root.resolve("dag_id=a/run_id=r1")).doesNotExist();
        assertThat(root.resolve("dag_id=a")).isDirectory();
    }

    @Test
    void neverDeletesTheLogOfATryStillRunning() throws IOException {
        Path running = log("dag_id=a/run_id=r1/task_id=long/attempt=1.log", 300, NOW.minus(Duration.ofDays(40)));
        Path finished = log("dag_id=a/run_id=r2/task_id=t/attempt=1.log", 100, NOW.minus(Duration.ofHours(1)));

        RetentionResult result = retention.sweep(root, 30, 150, NOW, () -> java.util.Set.of(running));

        assertThat(running)
                .as("open for writing: deleting it would lose it and free nothing")
                .exists();
        assertThat(finished).as("the cap still holds for the others").doesNotExist();
        assertThat(result).isEqualTo(new RetentionResult(1, 100, 2, 1, 300));
    }

    @Test
    void keepsEverythingWithinLimits() throws IOException {
        log("dag_id=a/run_id=r1/task_id=t/attempt=1.log", 100, NOW.minus(Duration.ofDays(29)));

        assertThat(retention.sweep(root, 30, 100, NOW)).isEqualTo(new RetentionResult(0, 0, 0, 1, 100));
    }

    @Test
    void missingRootIsAnEmptySweep() {
        assertThat(retention.sweep(root.resolve("missing"), 30, 0, NOW)).isEqualTo(new RetentionResult(0, 0, 0, 0, 0));
    }

    private Path log(String relative, int size, Instant modified) throws IOException {
        return write(relative, size, modified);
    }

    private Path write(String relative, int size, Instant modified) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[size]);
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }
}
