package io.weir.extract.files;

import io.weir.warehouse.load.TableLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.function.LongConsumer;

/**
 * One pass over the bytes of a UTF-8 CSV or TSV file: their SHA-256 and their rows, each row checked to have the
 * header's number of fields and to be valid UTF-8, as {@link CsvRecords} checks them, but without decoding a field. A
 * quoted field may span lines; empty lines are not rows and are left out of what goes on to the sink (such as
 * PostgreSQL's {@code COPY}). Rows are numbered as {@link CsvRecords} numbers them, the header being row 1.
 */
final class CsvScan {
    private static final int BUFFER = 1 << 16;
    private static final boolean[] ORDINARY = new boolean[128];

    static {
        for (int c = 0; c < 128; c++) {
            ORDINARY[c] = c != '"' && c != '\n' && c != '\r' && c != ',' && c != '\t';
        }
    }

    /** A form the scan does not follow (a lone carriage return, a quote left open): the row-by-row path reads it. */
    static final class Unusual extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unusual(String file, String why) {
            super("File " + file + ": " + why, null, false, false);
        }
    }

    /**
     * What the scan found.
     *
     * @param rows the rows after the header
     * @param bytes the bytes read
     * @param checksum their SHA-256 in hex
     */
    record Scanned(long rows, long bytes, String checksum) {}

    private final String file;
    private final byte separator;
    private final LongConsumer progress;

    // Where the scan is: in a quoted field, just after a quote inside one, at a field's or a line's start.
    private boolean quoted;
    private boolean afterQuote;
    private boolean fieldStart = true;
    private boolean lineStart = true;
    private boolean carriageReturn;
    private int fields = 1;
    private int headerFields = -1;
    private long row;
    private long line = 1;
    // The continuation bytes the current UTF-8 sequence still needs, and the range the next one must be in.
    private int continuation;
    private int low = 0x80;
    private int high = 0xBF;

    /**
     * @param file how messages name the file
     * @param progress hears the rows scanned so far, every {@link TableLoader#PROGRESS_EVERY}
     */
    CsvScan(String file, char separator, LongConsumer progress) {
        this.file = file;
        this.separator = (byte) separator;
        this.progress = progress;
    }

    /** Reads {@code in} to its end, writing its lines that are not empty to {@code sink}. */
    Scanned scan(InputStream in, OutputStream sink) throws IOException {
        MessageDigest digest = Downloads.sha256();
        byte[] buffer = new byte[BUFFER];
        long bytes = 0;
        for (int read; (read = in.readNBytes(buffer, 0, BUFFER)) > 0; ) {
            digest.update(buffer, 0, read);
            bytes += read;
            int emitFrom = 0;
            for (int i = 0; i < read; i++) {
                int b = buffer[i];
                if (!quoted && !carriageReturn && continuation == 0) {
                    // The bulk of a file: ASCII bytes that are neither quote, separator nor line end.
                    if (b > 0 && ORDINARY[b] && b != separator) {
                        fieldStart = false;
                        lineStart = false;
                        while (++i < read && (b = buffer[i]) > 0 && ORDINARY[b] && b != separator) {
                            // Skipped in one tight loop.
                        }
                        if (i == read) {
                            break;
                        }
                    }
                } else if (quoted && !afterQuote && continuation == 0) {
                    while (i < read && (b = buffer[i]) > 0 && b != '"' && b != '\n') {
                        i++;
                    }
                    if (i == read) {
                        break;
                    }
                }
                if (carriageReturn) {
                    carriageReturn = false;
                    if (b != '\n') {
                        throw new Unusual(file, "a carriage return ends a line without a line feed");
                    }
                }
                if (continuation > 0 || b < 0) {
                    utf8(b & 0xFF);
                    if (afterQuote) {
                        afterQuote = false;
                        quoted = false;
                    }
                    fieldStart = false;
                    lineStart = false;
                    continue;
                }
                if (quoted) {
                    if (afterQuote) {
                        afterQuote = false;
                        if (b == '"') {
                            continue;
                        }
                        quoted = false;
                    } else {
                        if (b == '"') {
                            afterQuote = true;
                        } else if (b == '\n') {
                            line++;
                        }
                        continue;
                    }
                }
                if (b == '\n') {
                    if (lineStart) {
                        // An empty line: not a row, and left out of what the sink gets.
                        sink.write(buffer, emitFrom, i - emitFrom);
                        emitFrom = i + 1;
                    } else {
                        endRow();
                    }
                    line++;
                } else if (b == '\r') {
                    carriageReturn = true;
                    if (lineStart) {
                        sink.write(buffer, emitFrom, i - emitFrom);
                        emitFrom = i + 1;
                    }
                } else if (b == separator) {
                    fields++;
                    fieldStart = true;
                    lineStart = false;
                } else {
                    if (b == '"' && fieldStart) {
                        quoted = true;
                    }
                    fieldStart = false;
                    lineStart = false;
                }
            }
            sink.write(buffer, emitFrom, read - emitFrom);
        }
        if (continuation > 0) {
            throw notUtf8();
        }
        if (quoted && !afterQuote) {
            throw new Unusual(file, "a quoted field is not closed at the end of the file");
        }
        if (!lineStart) {
            endRow();
        }
        if (headerFields < 0) {
            throw FileLoadException.badContent(file, 0, CsvRecords.EMPTY);
        }
        return new Scanned(row - 1, bytes, HexFormat.of().formatHex(digest.digest()));
    }

    private void endRow() {
        row++;
        if (headerFields < 0) {
            headerFields = fields;
        } else if (fields != headerFields) {
            throw CsvRecords.ragged(file, row, fields, headerFields);
        } else if ((row - 1) % TableLoader.PROGRESS_EVERY == 0) {
            progress.accept(row - 1);
        }
        fields = 1;
        fieldStart = true;
        lineStart = true;
        quoted = false;
        afterQuote = false;
    }

    /** Checks one byte of a multi-byte UTF-8 sequence, as Java's decoder does (no overlong forms, no surrogates). */
    private void utf8(int b) {
        if (continuation > 0) {
            if (b < low || b > high) {
                throw notUtf8();
            }
            continuation--;
            low = 0x80;
            high = 0xBF;
            return;
        }
        if (b >= 0xC2 && b <= 0xDF) {
            continuation = 1;
        } else if (b >= 0xE0 && b <= 0xEF) {
            continuation = 2;
            low = b == 0xE0 ? 0xA0 : 0x80;
            high = b == 0xED ? 0x9F : 0xBF;
        } else if (b >= 0xF0 && b <= 0xF4) {
            continuation = 3;
            low = b == 0xF0 ? 0x90 : 0x80;
            high = b == 0xF4 ? 0x8F : 0xBF;
        } else {
            throw notUtf8();
        }
    }

    private FileLoadException notUtf8() {
        return CsvRecords.undecodable(file, line, java.nio.charset.StandardCharsets.UTF_8);
    }
}
