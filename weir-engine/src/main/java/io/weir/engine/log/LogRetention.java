package io.weir.engine.log;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** Deletes old task logs so they never fill a disk: first by age, then oldest first until under a size cap. */
public final class LogRetention {
    private static final String LOG_SUFFIX = ".log";

    /** What one sweep did, and what it left. */
    public record RetentionResult(
            int filesDeleted, long bytesFreed, int directoriesRemoved, int filesKept, long bytesKept) {}

    private record LogFile(Path path, Instant modified, long size) {}

    /**
     * Deletes the {@code *.log} files under {@code logsRoot} last written more than {@code retentionDays} days
     * before {@code now}, then the oldest remaining ones until their total is at most {@code maxBytes}, then the
     * folders that were emptied. {@code logsRoot} itself stays. A missing root is an empty sweep.
     */
    public RetentionResult sweep(Path logsRoot, int retentionDays, long maxBytes, Instant now) {
        return sweep(logsRoot, retentionDays, maxBytes, now, Set::of);
    }

    /**
     * As {@link #sweep(Path, int, long, Instant)}, never deleting the logs in {@code inUse}: those of tries running
     * now, whose files are open (deleting one would lose it without freeing its space). They count toward the cap.
     * {@code inUse} is asked after the logs are listed, so a try that started meanwhile is spared too.
     */
    public RetentionResult sweep(
            Path logsRoot, int retentionDays, long maxBytes, Instant now, Supplier<Set<Path>> inUse) {
        requireNonNull(logsRoot, "logsRoot is null");
        requireNonNull(inUse, "inUse is null");
        requireNonNull(now, "now is null");
        if (retentionDays < 0) {
            throw new IllegalArgumentException("retentionDays is negative: " + retentionDays);
        }
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes is negative: " + maxBytes);
        }
        if (!Files.isDirectory(logsRoot)) {
            return new RetentionResult(0, 0, 0, 0, 0);
        }
        List<LogFile> files = listLogs(logsRoot);
        Set<Path> running = inUse.get();
        files.sort(Comparator.comparing(LogFile::modified).thenComparing(LogFile::path));
        Instant cutoff = now.minus(Duration.ofDays(retentionDays));
        long total = files.stream().mapToLong(LogFile::size).sum();

        int filesDeleted = 0;
        long bytesFreed = 0;
        Set<Path> touchedFolders = new HashSet<>();
        int kept = 0;
        for (LogFile file : files) {
            boolean expired = file.modified().isBefore(cutoff);
            if ((expired || total > maxBytes) && !running.contains(file.path())) {
                if (delete(file.path())) {
                    filesDeleted++;
                    bytesFreed += file.size();
                    touchedFolders.add(file.path().getParent());
                }
                total -= file.size();
            } else {
                kept++;
            }
        }
        int directoriesRemoved = removeEmptied(logsRoot, touchedFolders);
        return new RetentionResult(filesDeleted, bytesFreed, directoriesRemoved, kept, total);
    }

    private static List<LogFile> listLogs(Path logsRoot) {
        List<LogFile> files = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(logsRoot)) {
            paths.filter(path -> path.getFileName().toString().endsWith(LOG_SUFFIX))
                    .forEach(path -> {
                        try {
                            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                            if (attributes.isRegularFile()) {
                                files.add(new LogFile(
                                        path, attributes.lastModifiedTime().toInstant(), attributes.size()));
                            }
                        } catch (NoSuchFileException e) {
                            // Deleted meanwhile by someone else: nothing to do.
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the task logs under " + logsRoot + ": " + e.getMessage(), e);
        }
        return files;
    }

    private static boolean delete(Path file) {
        try {
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the old task log " + file + ": " + e.getMessage(), e);
        }
    }

    /** Removes each folder that lost a file, and its parents below the root, when they are now empty. */
    private static int removeEmptied(Path logsRoot, Set<Path> folders) {
        Set<Path> candidates = new TreeSet<>(
                Comparator.comparingInt(Path::getNameCount).reversed().thenComparing(Comparator.naturalOrder()));
        for (Path folder : folders) {
            for (Path current = folder;
                    current != null && current.startsWith(logsRoot) && !current.equals(logsRoot);
                    current = current.getParent()) {
                candidates.add(current);
            }
        }
        int removed = 0;
        for (Path folder : candidates) {
            try {
                Files.delete(folder);
                removed++;
            } catch (DirectoryNotEmptyException | NoSuchFileException e) {
                // Still holds other logs (or a try that just started), or is already gone.
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "Cannot remove the emptied log folder " + folder + ": " + e.getMessage(), e);
            }
        }
        return removed;
    }
}
