package io.weir.extract.files;

import io.weir.extract.ExtractException;

/**
 * A file that cannot be loaded: bad content (ragged rows, a wrong encoding, empty, too big), which only a new file
 * cures, or a store that did not answer, which a retry may cure. The message names the file and, for bad content, the
 * row.
 */
public final class FileLoadException extends ExtractException {
    private static final long serialVersionUID = 1L;

    private final boolean retryable;

    private FileLoadException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    /** Content no retry can cure; {@code row} is 1-based with the header as row 1, or 0 for the file as a whole. */
    public static FileLoadException badContent(String file, long row, String reason) {
        return new FileLoadException("File " + file + (row > 0 ? ", row " + row : "") + ": " + reason, false, null);
    }

    /** Content no retry can cure, at a 1-based line of the file (0 when it is not known). */
    public static FileLoadException badContentAtLine(String file, long line, String reason) {
        return new FileLoadException("File " + file + (line > 0 ? ", line " + line : "") + ": " + reason, false, null);
    }

    /** A store (a server, a bucket, a disk) that failed to give the file; a retry may cure it. */
    public static FileLoadException unreachable(String file, String reason, Throwable cause) {
        return new FileLoadException("Cannot read " + file + ": " + reason, true, cause);
    }

    /** A file that cannot be had and no retry will change it (not found, forbidden). */
    public static FileLoadException refused(String file, String reason) {
        return new FileLoadException("Cannot read " + file + ": " + reason, false, null);
    }

    public boolean retryable() {
        return retryable;
    }
}
