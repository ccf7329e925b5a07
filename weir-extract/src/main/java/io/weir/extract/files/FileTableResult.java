package io.weir.extract.files;

import static java.util.Objects.requireNonNull;

import io.weir.warehouse.Relation;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What landing one table did; {@link #xcom()} is what the task returns for it.
 *
 * @param source the file, folder or prefix it came from
 * @param rows the rows loaded this run (0 for an unchanged file)
 * @param bytes the bytes of the files read
 * @param filesLoaded the files loaded this run
 * @param filesSkipped the files not loaded because they were loaded before, unchanged
 * @param filesFailed the files that failed (ingest goes on past them)
 */
public record FileTableResult(
        Relation table,
        String source,
        long rows,
        long bytes,
        int filesLoaded,
        int filesSkipped,
        int filesFailed,
        Duration elapsed) {
    public FileTableResult {
        requireNonNull(table, "table is null");
        requireNonNull(source, "source is null");
        requireNonNull(elapsed, "elapsed is null");
    }

    public Map<String, Object> xcom() {
        Map<String, Object> xcom = new LinkedHashMap<>();
        xcom.put("table", table.toString());
        xcom.put("record_count", rows);
        xcom.put("files_loaded", filesLoaded);
        xcom.put("files_skipped", filesSkipped);
        xcom.put("files_failed", filesFailed);
        return xcom;
    }

    public double rowsPerSecond() {
        return rows / Math.max(elapsed.toNanos() / 1e9, 1e-9);
    }

    public double megabytesPerSecond() {
        return bytes / 1e6 / Math.max(elapsed.toNanos() / 1e9, 1e-9);
    }

    /** The log line of the table: rows, rows/s and MB/s, and files for a folder or prefix. */
    public String summary() {
        String files = filesLoaded + filesSkipped + filesFailed == 1
                ? ""
                : String.format(
                        Locale.ROOT,
                        " (%d files loaded, %d loaded before, %d failed)",
                        filesLoaded,
                        filesSkipped,
                        filesFailed);
        return String.format(
                Locale.ROOT,
                "Table %s: %,d rows from %s%s in %.1f s, %,.0f rows/s, %.2f MB/s",
                table,
                rows,
                source,
                files,
                elapsed.toMillis() / 1000.0,
                rowsPerSecond(),
                megabytesPerSecond());
    }
}
