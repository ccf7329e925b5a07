package io.weir.warehouse.load;

import io.weir.warehouse.Relation;
import io.weir.warehouse.WarehouseException;
import io.weir.warehouse.WarehouseSession;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * Writes rows through {@code COPY ... FROM STDIN}, streamed in buffers of 64 KiB: as CSV, or, for {@link CopyTextRows},
 * as the source's own lines of COPY text.
 */
final class PostgresCopyWriter implements BulkWriter {
    private static final int BUFFER = 1 << 16;
    private final WarehouseSession session;

    PostgresCopyWriter(WarehouseSession session) {
        this.session = session;
    }

    @Override
    public Written write(
            Relation table, RowSource rows, OffsetDateTime uploadedAt, String runId, LongConsumer progress) {
        if (rows instanceof CopyTextRows lines) {
            return copyLines(table, lines, uploadedAt, runId, progress);
        }
        List<LoadColumn> columns = rows.columns();
        String sql = copy(table, columns, uploadedAt, "csv");
        String suffix = uploadedAt == null ? "\n" : "," + uploadedAt + "," + quoted(runId) + "\n";
        Object[] row = new Object[columns.size()];
        long count = 0;
        long bytes = 0;
        PGCopyOutputStream copy = null;
        try {
            copy = new PGCopyOutputStream(session.connection().unwrap(PGConnection.class), sql, BUFFER);
            Writer out = new BufferedWriter(new OutputStreamWriter(copy, StandardCharsets.UTF_8), BUFFER);
            StringBuilder line = new StringBuilder(256);
            while (rows.next(row)) {
                line.setLength(0);
                for (int i = 0; i < row.length; i++) {
                    if (i > 0) {
                        line.append(',');
                    }
                    int before = line.length();
                    field(line, columns.get(i).type(), row[i]);
                    bytes += line.length() - before;
                }
                line.append(suffix);
                out.append(line);
                java.util.Arrays.fill(row, null);
                if (++count % PROGRESS_EVERY == 0) {
                    progress.accept(count);
                }
            }
            out.flush();
            long written = copy.endCopy();
            copy = null;
            return new Written(written, bytes);
        } catch (SQLException e) {
            throw new WarehouseException("Cannot copy rows into " + table + ": " + DuckDbAppenderWriter.message(e), e);
        } catch (IOException e) {
            Throwable cause = e.getCause() instanceof SQLException sql2 ? sql2 : e;
            throw new WarehouseException("Cannot copy rows into " + table + ": " + cause.getMessage(), e);
        } finally {
            cancelQuietly(copy);
        }
    }

    /** Copies lines of COPY text as they come, each with the load columns added: no value is read or written. */
    private Written copyLines(
            Relation table, CopyTextRows rows, OffsetDateTime uploadedAt, String runId, LongConsumer progress) {
        String sql = copy(table, rows.columns(), uploadedAt, "text");
        byte[] suffix = (uploadedAt == null ? "\n" : "\t" + uploadedAt + "\t" + escapeText(runId) + "\n")
                .getBytes(StandardCharsets.UTF_8);
        long count = 0;
        long bytes = 0;
        PGCopyOutputStream copy = null;
        try {
            copy = new PGCopyOutputStream(session.connection().unwrap(PGConnection.class), sql, BUFFER);
            for (byte[] line = rows.nextLine(); line != null; line = rows.nextLine()) {
                copy.write(line, 0, line.length - 1);
                copy.write(suffix);

                bytes += line.length - 1;
                if (++count % PROGRESS_EVERY == 0) {
                    progress.accept(count);
                }
            }
            long written = copy.endCopy();
            copy = null;
            return new Written(written, bytes);
        } catch (SQLException e) {
            throw new WarehouseException("Cannot copy rows into " + table + ": " + DuckDbAppenderWriter.message(e), e);
        } catch (IOException e) {
            Throwable cause = e.getCause() instanceof SQLException sql2 ? sql2 : e;
            throw new WarehouseException("Cannot copy rows into " + table + ": " + cause.getMessage(), e);
        } finally {
            cancelQuietly(copy);
        }
    }

    private String copy(Relation table, List<LoadColumn> columns, OffsetDateTime uploadedAt, String format) {
        String names = columns.stream()
                        .map(column -> session.dialect().quote(column.name()))
                        .collect(Collectors.joining(", "))
                + (uploadedAt == null ? "" : ", \"_uploaded_at\", \"_weir_run_id\"");
        return "copy " + table.render(session.dialect()) + " (" + names + ") from stdin with (format " + format + ")";
    }

    private static void cancelQuietly(PGCopyOutputStream copy) {
        if (copy != null && copy.isActive()) {
            try {
                copy.cancelCopy();
            } catch (SQLException e) {
                // The connection is gone; the copy ended with it.
            }
        }
    }

    /** {@code text} as a value of COPY's text format. */
    private static String escapeText(String text) {
        return text.replace("\\", "\\\\")
                .replace("\t", "\\t")
                .replace("\n", "\\n")
                .replace("\r", "\\r");
    }

    private static void field(StringBuilder line, LoadType type, Object value) {
        if (value == null) {
            return;
        }
        switch (type.kind()) {
            case BOOLEAN -> line.append((Boolean) value ? 't' : 'f');
            case SMALLINT, INTEGER, BIGINT, REAL, DOUBLE -> line.append(value);
            case DECIMAL -> line.append(((java.math.BigDecimal) value).toPlainString());
            case BYTES -> line.append("\\x").append(HexFormat.of().formatHex((byte[]) value));
            default -> quote(line, value.toString());
        }
    }

    private static void quote(StringBuilder line, String text) {
        line.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                line.append('"');
            }
            line.append(c);
        }
        line.append('"');
    }

    private static String quoted(String text) {
        StringBuilder line = new StringBuilder();
        quote(line, text);
        return line.toString();
    }
}
