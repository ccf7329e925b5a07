package io.weir.extract.files;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A file a store lists.
 *
 * @param name its name in the ledger and in messages: the path under the folder, the key in the bucket, or the URL
 * @param size its length in bytes, or -1 when the store tells it only on reading (HTTP)
 * @param etag the store's entity tag, or null
 * @param modified when it last changed, or null when the store does not say
 */
record SourceFile(String name, long size, String etag, Instant modified) {
    SourceFile {
        requireNonNull(name, "name is null");
    }

    /** The file's own name without folders and extension, such as {@code quotas} for {@code data/quotas.csv}. */
    String stem() {
        String path = name;
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        String last = path.substring(path.lastIndexOf('/') + 1);
        int dot = last.lastIndexOf('.');
        return dot > 0 ? last.substring(0, dot) : last;
    }
}
