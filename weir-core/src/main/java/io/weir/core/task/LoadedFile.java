package io.weir.core.task;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A file an extract loaded, as its ledger in the metadata database remembers it.
 *
 * @param ledger what the file was loaded for, such as the RAW table {@code raw.sheetload.events}
 * @param name the file's name in its folder, bucket or URL
 * @param size its length in bytes
 * @param etag the store's entity tag (S3, HTTP), or null when it gave none
 * @param checksum the SHA-256 of its content in hex, or null when it was not read (an unchanged etag)
 * @param loadedAt when the load committed
 * @param rows the rows it loaded
 * @param runId the run that loaded it
 */
public record LoadedFile(
        String ledger,
        String name,
        long size,
        String etag,
        String checksum,
        Instant loadedAt,
        long rows,
        String runId) {
    public LoadedFile {
        requireNonNull(ledger, "ledger is null");
        requireNonNull(name, "name is null");
        requireNonNull(loadedAt, "loadedAt is null");
        requireNonNull(runId, "runId is null");
        if (size < 0 || rows < 0) {
            throw new IllegalArgumentException("size and rows of " + name + " must not be negative");
        }
    }
}
