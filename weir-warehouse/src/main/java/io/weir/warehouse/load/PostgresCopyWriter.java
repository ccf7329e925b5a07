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

/** Writes rows as CSV through {@code COPY ... FROM STDIN}, streamed in buffers of 64 KiB. */
final class PostgresCopyWriter implements BulkWriter {
    private static final int BUFFER = 1 << 16;
    private final WarehouseSession session;

    PostgresCopyWriter(WarehouseSession session) {
        this.session = session;
    }

    @Override
    public Written write(
            Relation table, RowSource rows, OffsetDateTime uploadedAt, String runId, LongConsumer progress) {
        List<LoadColumn> columns = rows.columns();
        String names = columns.stream()
                        .map(column -> session.dialect().quote(column.name()))
                        .collect(Collectors.joining(", "))
                + (uploadedAt == null ? "" : ", \"_uploaded_at\", \"_weir_run_id\"");
        String sql = "copy " + table.render(session.dialect()) + " (" + names + ") from stdin with (format csv)";
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
            if (copy != null && copy.isActive()) {
                try {
                    copy.cancelCopy();
                } catch (SQLException e) {
                    // The connection is gone; the copy ended with it.
                }
            }
        }
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
