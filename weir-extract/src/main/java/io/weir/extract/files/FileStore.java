package io.weir.extract.files;

import java.nio.file.Path;
import java.util.List;

/** Where a listing entry's files are: a folder, an HTTP(S) server or an S3 bucket. */
interface FileStore extends AutoCloseable {

    /** Whether the entry names one file (its table named after the entry), not a folder or prefix of them. */
    boolean single();

    /** The entry's files: the one it names, or those under its folder or prefix that match its pattern, by name. */
    List<SourceFile> list();

    /**
     * Makes {@code file} readable at a local path, downloading it into {@code tempDir} when it is remote, no larger
     * than {@code maxBytes}.
     *
     * @param knownEtag the etag of the content last loaded, or null; a store that can tell answers not modified
     */
    Fetched fetch(SourceFile file, String knownEtag, long maxBytes, Path tempDir);

    /**
     * A fetched file.
     *
     * @param path where to read it; null when it was not modified
     * @param file the file as fetched (an HTTP download learns its size and etag)
     * @param checksum the SHA-256 of the content in hex when the download computed it, else null
     */
    record Fetched(Path path, SourceFile file, String checksum) {
        static Fetched notModified(SourceFile file) {
            return new Fetched(null, file, null);
        }

        boolean modified() {
            return path != null;
        }
    }

    @Override
    default void close() {}
}
