package io.weir.extract.database;

/** The try was cancelled (a timeout, a clear, a shutdown) while its source's rows were read: the read stopped. */
final class SourceReadCancelled extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long rows;

    SourceReadCancelled(String where, long rows) {
        super("Cancelled while reading " + where + " after " + rows + " rows", null, false, false);
        this.rows = rows;
    }

    /** The rows read before the read stopped. */
    long rows() {
        return rows;
    }
}
