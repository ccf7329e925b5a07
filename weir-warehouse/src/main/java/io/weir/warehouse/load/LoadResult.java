package io.weir.warehouse.load;

import static java.util.Objects.requireNonNull;

import io.weir.warehouse.Relation;
import java.time.Duration;
import java.util.List;

/**
 * What a load did.
 *
 * @param rows the rows loaded
 * @param bytes the size of the loaded values as text, for a rate in MB/s
 * @param schemaChanges the columns added or widened, each a sentence
 */
public record LoadResult(
        Relation target, LoadMode mode, long rows, long bytes, Duration elapsed, List<String> schemaChanges) {
    public LoadResult {
        requireNonNull(target, "target is null");
        requireNonNull(mode, "mode is null");
        requireNonNull(elapsed, "elapsed is null");
        schemaChanges = List.copyOf(schemaChanges);
    }

    public double rowsPerSecond() {
        double seconds = Math.max(elapsed.toNanos(), 1) / 1e9;
        return rows / seconds;
    }

    public double megabytesPerSecond() {
        double seconds = Math.max(elapsed.toNanos(), 1) / 1e9;
        return bytes / 1e6 / seconds;
    }
}
