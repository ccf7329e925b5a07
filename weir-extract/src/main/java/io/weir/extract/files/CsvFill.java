package io.weir.extract.files;

import io.weir.warehouse.Dialect;
import io.weir.warehouse.Relation;
import io.weir.warehouse.WarehouseException;
import io.weir.warehouse.WarehouseSession;
import io.weir.warehouse.WarehouseType;
import io.weir.warehouse.load.LoadColumn;
import io.weir.warehouse.load.LoadType;
import io.weir.warehouse.load.TableLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * A UTF-8 CSV or TSV file landed as text columns by the warehouse's own reader, its bytes never decoded into rows
 * here: DuckDB reads the file with {@code read_csv} while a {@link CsvScan} checks it on a thread of its own;
 * PostgreSQL's {@code COPY} gets the bytes as the scan checks them. The scan's failures (a ragged row, bytes that are
 * not UTF-8) are the file's; when the warehouse's reader refuses a file the scan found sound, or counts other rows,
 * {@link CsvScan.Unusual} says to read the file row by row instead. Any other warehouse failure (a constraint, a lost
 * connection) is thrown as it is: reading row by row would not cure it.
 */
final class CsvFill implements TableLoader.TableFill {
    private static final int BUFFER = 1 << 16;
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSSxxx");

    private final String file;
    private final Path path;
    private final char separator;
    private final List<String> names;
    private final OffsetDateTime updatedAt;
    private final String sourceFile;
    private final LongConsumer progress;
    private CsvScan.Scanned scanned;

    /**
     * @param file how messages name the file
     * @param names the table's column names for the header's fields
     * @param sourceFile the value of {@value FileRows#SOURCE_FILE}, or null for a table without it
     * @param progress hears the rows checked so far
     */
    CsvFill(
            String file,
            Path path,
            char separator,
            List<String> names,
            OffsetDateTime updatedAt,
            String sourceFile,
            LongConsumer progress) {
        this.file = file;
        this.path = path;
        this.separator = separator;
        this.names = List.copyOf(names);
        this.updatedAt = updatedAt;
        this.sourceFile = sourceFile;
        this.progress = progress;
    }

    /** Whether the warehouse can read a file of {@code charset} itself, the columns staying text. */
    static boolean applies(WarehouseType warehouse, Charset charset, boolean inferTypes) {
        return !inferTypes
                && charset.equals(StandardCharsets.UTF_8)
                && (warehouse == WarehouseType.DUCKDB || warehouse == WarehouseType.POSTGRES);
    }

    @Override
    public List<LoadColumn> columns() {
        List<LoadColumn> columns = new ArrayList<>();
        names.forEach(name -> columns.add(new LoadColumn(name, LoadType.of(LoadType.Kind.TEXT))));
        columns.add(new LoadColumn(FileRows.UPDATED_AT, LoadType.of(LoadType.Kind.TIMESTAMPTZ)));
        if (sourceFile != null) {
            columns.add(new LoadColumn(FileRows.SOURCE_FILE, LoadType.of(LoadType.Kind.TEXT)));
        }
        return columns;
    }

    /** What the scan found: the file's rows and checksum; null until {@link #fill} succeeded. */
    CsvScan.Scanned scanned() {
        return scanned;
    }

    /**
     * Fills a table of the load's columns; on PostgreSQL its load columns get this file's values as defaults for the
     * time of the fill.
     */
    @Override
    public long fill(WarehouseSession session, Relation table, OffsetDateTime uploadedAt, String runId) {
        if (session.dialect().type() != WarehouseType.POSTGRES) {
            return append(session, table, uploadedAt, runId);
        }
        setDefaults(session, table, uploadedAt, runId);
        long filled = append(session, table, uploadedAt, runId);
        dropDefaults(session, table);
        return filled;
    }

    /** Gives {@code table}'s load columns this file's values as PostgreSQL defaults, in one statement. */
    void setDefaults(WarehouseSession session, Relation table, OffsetDateTime uploadedAt, String runId) {
        LoadDefaults.set(session, table, constantColumns(), constantValues(uploadedAt, runId));
    }

    /** Drops the defaults {@link #setDefaults} gave, in one statement. */
    void dropDefaults(WarehouseSession session, Relation table) {
        LoadDefaults.drop(session, table, constantColumns());
    }

    /**
     * Fills {@code table} as {@link #fill} does, where on PostgreSQL the load columns already have this file's
     * defaults from {@link #setDefaults}.
     */
    long append(WarehouseSession session, Relation table, OffsetDateTime uploadedAt, String runId) {
        long filled = session.dialect().type() == WarehouseType.POSTGRES
                ? copy(session, table, uploadedAt, runId)
                : readCsv(session, table, uploadedAt, runId);
        if (filled != scanned.rows()) {
            throw new CsvScan.Unusual(
                    file, "the warehouse read " + filled + " rows where the file has " + scanned.rows());
        }
        return filled;
    }

    /** DuckDB reads the file with {@code read_csv} while the scan checks it on a thread of its own. */
    private long readCsv(WarehouseSession session, Relation table, OffsetDateTime uploadedAt, String runId) {
        Dialect dialect = session.dialect();
        FutureTask<CsvScan.Scanned> scan = new FutureTask<>(() -> {
            try (InputStream in = Files.newInputStream(path)) {
                return new CsvScan(file, separator, progress).scan(in, OutputStream.nullOutputStream());
            }
        });
        Thread scanning = new Thread(scan, "weir-csv-scan");
        scanning.setDaemon(true);
        scanning.start();
        String types = names.stream().map(name -> literal(name) + ": 'VARCHAR'").collect(Collectors.joining(", "));
        String sql = "insert into " + table.render(dialect) + " (" + quoted(dialect) + ") select "
                + names.stream().map(dialect::quote).collect(Collectors.joining(", ")) + ", "
                + constants(uploadedAt, runId)
                + " from read_csv(" + literal(path.toAbsolutePath().toString()) + ", columns = {" + types + "}"
                + ", header = true, delim = " + literal(String.valueOf(separator))
                + ", quote = '\"', escape = '\"', auto_detect = false, strict_mode = true, null_padding = false"
                + ", ignore_errors = false)";
        long inserted = -1;
        WarehouseException failure = null;
        try {
            inserted = session.execute(sql);
        } catch (WarehouseException e) {
            failure = e;
        }
        try {
            scanned = scan.get();
        } catch (ExecutionException e) {
            throw scanFailure(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw FileLoadException.unreachable(file, "interrupted", e);
        }
        if (failure != null) {
            if (!refusesInput(failure)) {
                throw failure;
            }
            // The scan found the file sound, so the reader's complaint is about a form the row-by-row path may read.
            throw new CsvScan.Unusual(
                    file, failure.getMessage().lines().findFirst().orElse(""));
        }
        return inserted;
    }

    /** PostgreSQL's COPY gets the file's bytes as the scan checks them; the load columns come from defaults. */
    private long copy(WarehouseSession session, Relation table, OffsetDateTime uploadedAt, String runId) {
        Dialect dialect = session.dialect();
        String rendered = table.render(dialect);
        String sql = "copy " + rendered + " ("
                + names.stream().map(dialect::quote).collect(Collectors.joining(", "))
                + ") from stdin (format csv, header true, delimiter " + literal(String.valueOf(separator))
                + ", force_null (" + names.stream().map(dialect::quote).collect(Collectors.joining(", ")) + "))";
        PGCopyOutputStream copy = null;
        long copied;
        try (InputStream in = Files.newInputStream(path)) {
            copy = new PGCopyOutputStream(session.connection().unwrap(PGConnection.class), sql, BUFFER);
            scanned = new CsvScan(file, separator, progress).scan(in, copy);
            copy.flush();
            copied = copy.endCopy();
            copy = null;
        } catch (SQLException | IOException e) {
            throw copyFailure(e);
        } finally {
            if (copy != null && copy.isActive()) {
                try {
                    copy.cancelCopy();
                } catch (SQLException e) {
                    // The copy ended with the connection; its rows were never committed.
                }
            }
        }
        return copied;
    }

    /**
     * What a failed COPY means: the file's form when PostgreSQL refused its data (SQLState class 22, such as a NUL
     * byte or a quote it reads otherwise), else the warehouse's own failure, or the file that could not be read.
     */
    private RuntimeException copyFailure(Exception failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && state.startsWith("22")) {
                    return new CsvScan.Unusual(file, "COPY refused it: " + failure.getMessage());
                }
                String message = sql.getMessage() == null
                        ? sql.toString()
                        : sql.getMessage().strip();
                return new WarehouseException(message, sql);
            }
        }
        return FileLoadException.unreachable(file, String.valueOf(failure.getMessage()), failure);
    }

    /**
     * Whether DuckDB's {@code read_csv} refused the file's content (an "Invalid Input" or "Conversion" error, such as
     * a line longer than it reads), not the statement or the table (a constraint, a lost file, no memory).
     */
    static boolean refusesInput(WarehouseException failure) {
        String message = failure.getMessage();
        return message != null && (message.startsWith("Invalid Input Error") || message.startsWith("Conversion Error"));
    }

    private RuntimeException scanFailure(Throwable cause) {
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        return FileLoadException.unreachable(file, String.valueOf(cause.getMessage()), cause);
    }

    private List<String> constantColumns() {
        List<String> columns = new ArrayList<>();
        columns.add(FileRows.UPDATED_AT);
        if (sourceFile != null) {
            columns.add(FileRows.SOURCE_FILE);
        }
        columns.add(TableLoader.UPLOADED_AT);
        columns.add(TableLoader.RUN_ID);
        return columns;
    }

    private List<String> constantValues(OffsetDateTime uploadedAt, String runId) {
        List<String> values = new ArrayList<>();
        values.add(timestamp(updatedAt));
        if (sourceFile != null) {
            values.add(literal(sourceFile));
        }
        values.add(timestamp(uploadedAt));
        values.add(literal(runId));
        return values;
    }

    private String quoted(Dialect dialect) {
        List<String> all = new ArrayList<>(names);
        all.addAll(constantColumns());
        return all.stream().map(dialect::quote).collect(Collectors.joining(", "));
    }

    private String constants(OffsetDateTime uploadedAt, String runId) {
        return String.join(", ", constantValues(uploadedAt, runId));
    }

    private static String timestamp(OffsetDateTime time) {
        return "cast(" + literal(TIMESTAMP.format(time.withOffsetSameInstant(ZoneOffset.UTC)))
                + " as timestamp with time zone)";
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
