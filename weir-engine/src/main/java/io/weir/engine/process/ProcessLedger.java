package io.weir.engine.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processes this host's tries started, one small file per try under {@code .weir/pids/job-<id>/}, so that after
 * a crash the next scheduler ends what the dead job left behind. A file is cheaper than a metadata transaction
 * on every process start, and a process id only means something on the host that started it anyway.
 */
public final class ProcessLedger {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessLedger.class);

    /** A recorded process: its id and start time tell it from a later process that reuses the id. */
    public record Entry(long pid, Instant startedAt, String tryName) {}

    private final Path root;

    public ProcessLedger(Path weirDir) {
        this.root = weirDir.resolve("pids");
    }

    /** Records the first process of a try; returns the file to {@link #forget} when the try ends. */
    public Path record(long jobId, String tryName, long pid, Instant startedAt) {
        Path file = root.resolve("job-" + jobId).resolve(safe(tryName) + ".pid");
        try {
            if (!Files.isDirectory(file.getParent())) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(
                    file, pid + "\n" + (startedAt == null ? "" : startedAt.toString()) + "\n" + tryName + "\n");
        } catch (IOException e) {
            LOG.warn("Could not record process {} of {} in {}: {}", pid, tryName, file, e.getMessage());
        }
        return file;
    }

    public void forget(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debug("Could not delete {}: {}", file, e.getMessage());
        }
    }

    /** The processes a job recorded and did not forget. */
    public List<Entry> entries(long jobId) {
        List<Entry> entries = new ArrayList<>();
        Path folder = root.resolve("job-" + jobId);
        if (!Files.isDirectory(folder)) {
            return entries;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.pid")) {
            for (Path file : files) {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                if (lines.size() >= 2 && !lines.get(0).isBlank()) {
                    Instant startedAt = lines.get(1).isBlank() ? null : Instant.parse(lines.get(1));
                    entries.add(new Entry(
                            Long.parseLong(lines.get(0).strip()),
                            startedAt,
                            lines.size() > 2 ? lines.get(2) : file.getFileName().toString()));
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not read the processes of job {} in {}: {}", jobId, folder, e.getMessage());
        }
        return entries;
    }

    /** Removes everything a job recorded (once its processes are dealt with). */
    public void forgetJob(long jobId) {
        Path folder = root.resolve("job-" + jobId);
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path file : files) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(folder);
        } catch (IOException e) {
            LOG.debug("Could not remove {}: {}", folder, e.getMessage());
        }
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9_.=+-]", "_");
    }
}
