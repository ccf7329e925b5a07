package io.weir.cli.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The temporary folders a benchmark works in. */
final class BenchFolders {
    private BenchFolders() {}

    /** Deletes {@code dir} and everything in it, as far as it can: a leftover temporary folder is harmless. */
    static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // Left for the system's temporary-file cleaning.
        }
    }
}
