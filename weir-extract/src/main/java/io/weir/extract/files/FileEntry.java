package io.weir.extract.files;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One line of a listing: where the file (or the folder or prefix of files) is and how to land it.
 *
 * @param name the table's name, or its prefix for tabs; null to name it after the file
 * @param location where the file is
 * @param pattern a glob on file names for a folder or prefix, such as {@code *.csv}
 * @param tabs the sheets of a workbook to land, each into {@code <name>_<tab>}; empty for the first sheet
 * @param format the format, or null to tell it by the file's extension
 * @param encoding the character set of CSV and TSV files
 * @param ingest whether the folder or prefix is ingested continuously into one table, each new file once
 * @param inferTypes whether columns get types inferred from their values instead of text
 * @param maxBytes the largest file that is loaded
 * @param s3 how to reach S3 for an {@code s3://} location
 * @param line the line of the entry in the listing, for messages
 */
public record FileEntry(
        String name,
        Location location,
        String pattern,
        List<String> tabs,
        FileFormat format,
        String encoding,
        boolean ingest,
        boolean inferTypes,
        long maxBytes,
        S3Settings s3,
        int line) {

    /** Where files are: one of a local path (file or folder), an HTTP(S) URL or an S3 bucket and prefix. */
    public record Location(Kind kind, String value) {
        public enum Kind {
            PATH,
            URL,
            S3
        }

        public Location {
            requireNonNull(kind, "kind is null");
            requireNonNull(value, "value is null");
        }

        @Override
        public String toString() {
            return value;
        }
    }

    /**
     * How to reach S3 or an S3-compatible store.
     *
     * @param endpoint the store's URL, or null for AWS itself
     * @param region the region, or null for {@code us-east-1}
     * @param accessKey the name of the declared secret that holds the access key id, or null for the default chain
     * @param secretKey the name of the declared secret that holds the secret access key
     */
    public record S3Settings(String endpoint, String region, String accessKey, String secretKey) {}

    /** The default {@code max_bytes}: 2 GiB. */
    public static final long DEFAULT_MAX_BYTES = 2L << 30;

    public FileEntry {
        requireNonNull(location, "location is null");
        tabs = List.copyOf(tabs);
        requireNonNull(encoding, "encoding is null");
        requireNonNull(s3, "s3 is null");
    }
}
