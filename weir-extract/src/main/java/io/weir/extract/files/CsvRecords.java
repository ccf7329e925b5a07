package io.weir.extract.files;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Streams the records of a CSV or TSV file: the header first, then each row, every one checked to have as many
 * fields as the header. Bytes the encoding cannot read, a ragged row and an empty file fail naming the file and row.
 * Empty lines are skipped. Counts the bytes read and their SHA-256 on the way, so one pass loads and fingerprints.
 */
final class CsvRecords implements Closeable {
    /** Why an empty file fails. */
    static final String EMPTY = "the file is empty; it needs a header row naming its columns";

    private static final CsvMapper MAPPER = new CsvMapper();
    private static final int BUFFER = 1 << 16;

    private final String file;
    private final CsvParser parser;
    private final MessageDigest digest;
    private final List<String> header;
    private final boolean numbered;
    private final Charset charset;
    private final List<String> fields = new ArrayList<>();
    private final Path path;
    private long row;

    /**
     * @param numbered whether each record starts with its row number (a converted sheet), which then names the row
     */
    private CsvRecords(String file, Path path, InputStream in, Charset charset, char separator, boolean numbered)
            throws IOException {
        this.file = file;
        this.path = path;
        this.charset = charset;
        this.numbered = numbered;
        this.digest = Downloads.sha256();
        InputStreamReader reader = new InputStreamReader(
                new DigestInputStream(new BufferedInputStream(in, BUFFER), digest),
                charset.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT));
        this.parser = MAPPER.getFactory().createParser(reader);
        parser.setSchema(CsvSchema.emptySchema().withColumnSeparator(separator));
        parser.enable(CsvParser.Feature.SKIP_EMPTY_LINES);
        String[] first = read();
        if (first == null) {
            throw FileLoadException.badContent(file, 0, EMPTY);
        }
        if (first.length > 0 && first[0].startsWith("\uFEFF")) {
            first[0] = first[0].substring(1);
        }
        this.header = List.of(first);
    }

    /** Opens {@code path} as {@code file} (its name in messages). */
    static CsvRecords open(String file, Path path, Charset charset, char separator) {
        return open(file, path, charset, separator, false);
    }

    static CsvRecords open(String file, Path path, Charset charset, char separator, boolean numbered) {
        InputStream in = null;
        try {
            in = Files.newInputStream(path);
            return new CsvRecords(file, path, in, charset, separator, numbered);
        } catch (IOException | RuntimeException e) {
            if (in != null) {
                try {
                    in.close();
                } catch (IOException closing) {
                    e.addSuppressed(closing);
                }
            }
            if (e instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw (RuntimeException) e;
        }
    }

    List<String> header() {
        return header;
    }

    /** The 1-based number of the last record read, the header being row 1. */
    long row() {
        return row;
    }

    /** The next row, as many fields as the header; null after the last. */
    String[] next() {
        String[] record = read();
        if (record == null) {
            return null;
        }
        if (record.length != header.size()) {
            throw ragged(file, row, record.length, header.size());
        }
        return record;
    }

    /** The failure of row {@code row}, which has {@code fields} fields where the header has {@code headerFields}. */
    static FileLoadException ragged(String file, long row, int fields, int headerFields) {
        return FileLoadException.badContent(
                file,
                row,
                "it has " + fields + " fields but the header has " + headerFields
                        + "; every row needs one field per column (quote a field that holds the separator)");
    }

    /** The failure of line {@code line}, which holds bytes that {@code charset} cannot read. */
    static FileLoadException undecodable(String file, long line, Charset charset) {
        return FileLoadException.badContentAtLine(
                file,
                line,
                "it holds bytes that are not valid " + charset.name()
                        + "; set 'encoding:' in the listing to the file's encoding (such as windows-1252)");
    }

    /** The SHA-256 of the bytes read so far, in hex: of the whole file once {@link #next} returned null. */
    String checksum() {
        return HexFormat.of().formatHex(digest.digest());
    }

    private String[] read() {
        try {
            JsonToken token = parser.nextToken();
            if (token == null) {
                return null;
            }
            if (token != JsonToken.START_ARRAY) {
                throw new IllegalStateException("a CSV record starts an array, not " + token);
            }
            fields.clear();
            while ((token = parser.nextToken()) == JsonToken.VALUE_STRING) {
                fields.add(parser.getText());
            }
            if (numbered) {
                row = Long.parseLong(fields.remove(0));
            } else {
                row++;
            }
            return fields.toArray(new String[0]);
        } catch (CharacterCodingException e) {
            // The decoder reads ahead of the parser, so the line is found again from the bytes.
            throw undecodable(file, firstUndecodableLine(), charset);
        } catch (JsonProcessingException e) {
            throw FileLoadException.badContent(file, row + 1, "not valid CSV: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw FileLoadException.unreachable(file, e.getMessage(), e);
        }
    }

    /** The 1-based line of {@link #path} whose bytes {@link #charset} cannot decode first; 0 when none. */
    private long firstUndecodableLine() {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), BUFFER)) {
            java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
            long number = 1;
            for (int next; ; ) {
                next = in.read();
                if (next == '\n' || next < 0) {
                    try {
                        charset.newDecoder()
                                .onMalformedInput(CodingErrorAction.REPORT)
                                .onUnmappableCharacter(CodingErrorAction.REPORT)
                                .decode(java.nio.ByteBuffer.wrap(line.toByteArray()));
                    } catch (CharacterCodingException e) {
                        return number;
                    }
                    if (next < 0) {
                        return 0;
                    }
                    line.reset();
                    number++;
                } else {
                    line.write(next);
                }
            }
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException e) {
            // Nothing was written; a file that fails to close was read already.
        }
    }
}
