package io.weir.extract.files;

import static java.util.Objects.requireNonNull;

import io.weir.core.task.LoadedFile;
import io.weir.core.task.LoadedFiles;
import io.weir.extract.database.PrefetchedRows;
import io.weir.warehouse.Relation;
import io.weir.warehouse.Warehouse;
import io.weir.warehouse.WarehouseException;
import io.weir.warehouse.WarehouseSession;
import io.weir.warehouse.WarehouseSettings;
import io.weir.warehouse.WarehouseType;
import io.weir.warehouse.infer.ColumnKinds;
import io.weir.warehouse.infer.ValueKind;
import io.weir.warehouse.load.LoadColumn;
import io.weir.warehouse.load.LoadMode;
import io.weir.warehouse.load.LoadRequest;
import io.weir.warehouse.load.LoadResult;
import io.weir.warehouse.load.TableLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Lands a listing's files in RAW. A file becomes the table {@code <name>} (a workbook's tabs {@code <name>_<tab>}),
 * replaced whole in one transaction unless its content is what the ledger says was loaded last; a folder or prefix
 * with {@code mode: ingest} appends each new file to one table once, its rows marked with {@value
 * FileRows#SOURCE_FILE}. A file that fails leaves its table as it was and the others go on; the failures are reported
 * together at the end.
 */
public final class FilesExtract {
    /** The schema of RAW tables unless the task says otherwise. */
    public static final String DEFAULT_SCHEMA = "sheetload";

    private static final int RECONCILE_CHUNK = 500;
    private static final int LEDGER_BATCH = 100;

    /**
     * What to run.
     *
     * @param listingName how messages name the listing (its path relative to the project)
     * @param names the entries to run, by table name; empty for all
     * @param secrets the declared secrets by name, for S3 credentials
     * @param ledger the ledger of loaded files in the metadata database
     */
    public record Options(
            String listingName,
            Path projectDir,
            List<FileEntry> entries,
            List<String> names,
            String targetSchema,
            Map<String, String> secrets,
            String runId,
            LoadedFiles ledger) {
        public Options {
            requireNonNull(listingName, "listingName is null");
            requireNonNull(projectDir, "projectDir is null");
            entries = List.copyOf(entries);
            names = List.copyOf(names);
            requireNonNull(targetSchema, "targetSchema is null");
            secrets = Map.copyOf(secrets);
            requireNonNull(runId, "runId is null");
            requireNonNull(ledger, "ledger is null");
        }
    }

    /**
     * What a run did.
     *
     * @param tables each table landed, skipped as unchanged, or ingested into
     * @param failures one message per file that failed, naming it and, for bad content, the row
     * @param retryable whether a retry may cure every failure (a store that did not answer)
     */
    public record Outcome(List<FileTableResult> tables, List<String> failures, boolean retryable) {
        public Outcome {
            tables = List.copyOf(tables);
            failures = List.copyOf(failures);
        }
    }

    /** Hears the rows of the table being loaded so far. */
    public interface Progress {
        void rows(Relation table, long rows);
    }

    private final Options options;

    public FilesExtract(Options options) {
        this.options = requireNonNull(options, "options is null");
    }

    /** Runs every entry (or those of {@code names}) into {@code warehouse}; {@code log} hears what happens. */
    public Outcome run(Warehouse warehouse, Consumer<String> log, Progress progress) {
        String rawDatabase = WarehouseSettings.rawDatabase(warehouse.target());
        List<FileTableResult> tables = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        boolean[] retryable = {true};
        Path tempDir = tempDir();
        try {
            for (FileEntry entry : options.entries()) {
                if (!options.names().isEmpty() && !options.names().contains(tableBase(entry, null))) {
                    continue;
                }
                Run run = new Run(entry, warehouse, rawDatabase, log, progress, tempDir, failures, retryable);
                try (FileStore store = store(entry)) {
                    tables.addAll(run.entry(store));
                } catch (FileLoadException e) {
                    run.failed(e);
                }
            }
        } finally {
            deleteQuietly(tempDir);
        }
        return new Outcome(tables, failures, !failures.isEmpty() && retryable[0]);
    }

    /** The table name an entry's file gets: the entry's name, else the file's own name, as a snake_case identifier. */
    static String tableBase(FileEntry entry, SourceFile file) {
        if (entry.name() != null) {
            return entry.name();
        }
        if (file != null) {
            return ColumnNames.snakeCase(file.stem());
        }
        String location = entry.location().value();
        String trimmed = location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
        String last = trimmed.substring(trimmed.lastIndexOf('/') + 1);
        int dot = last.lastIndexOf('.');
        return ColumnNames.snakeCase(dot > 0 && !entry.ingest() ? last.substring(0, dot) : last);
    }

    private FileStore store(FileEntry entry) {
        return switch (entry.location().kind()) {
            case PATH -> new LocalFiles(
                    options.projectDir().resolve(entry.location().value()),
                    entry.location().value(),
                    entry.pattern());
            case URL -> new HttpFiles(entry.location().value());
            case S3 -> new S3Files(entry.location().value(), entry.pattern(), entry.s3(), options.secrets());
        };
    }

    /** One entry's run: its tables, its log, and where its failures go. */
    private final class Run {
        private final FileEntry entry;
        private final Warehouse warehouse;
        private final String rawDatabase;
        private final Consumer<String> log;
        private final Progress progress;
        private final Path tempDir;
        private final List<String> failures;
        private final boolean[] retryable;
        private final List<LoadedFile> unrecorded = new ArrayList<>();
        private WarehouseSession shared;
        // A fill whose PostgreSQL defaults the shared session's table has until the run's files are in.
        private CsvFill defaults;
        // The columns of the files this run appended to each table, when they were the table's own.
        private final Map<Relation, List<LoadColumn>> appended = new HashMap<>();

        Run(
                FileEntry entry,
                Warehouse warehouse,
                String rawDatabase,
                Consumer<String> log,
                Progress progress,
                Path tempDir,
                List<String> failures,
                boolean[] retryable) {
            this.entry = entry;
            this.warehouse = warehouse;
            this.rawDatabase = rawDatabase;
            this.log = log;
            this.progress = progress;
            this.tempDir = tempDir;
            this.failures = failures;
            this.retryable = retryable;
        }

        List<FileTableResult> entry(FileStore store) {
            List<SourceFile> files = store.list();
            if (entry.ingest()) {
                return List.of(ingest(store, files));
            }
            if (files.isEmpty()) {
                log.accept("No file of " + entry.location() + " matches "
                        + (entry.pattern() == null ? "*" : entry.pattern()) + "; nothing to load");
            }
            List<FileTableResult> results = new ArrayList<>();
            for (SourceFile file : files) {
                String base = store.single()
                        ? tableBase(entry, null)
                        : (entry.name() == null ? "" : entry.name() + "_") + tableBase(withoutName(), file);
                try {
                    results.addAll(replace(store, file, base));
                } catch (FileLoadException e) {
                    failed(e);
                }
            }
            return results;
        }

        private FileEntry withoutName() {
            return new FileEntry(
                    null,
                    entry.location(),
                    entry.pattern(),
                    entry.tabs(),
                    entry.format(),
                    entry.encoding(),
                    entry.ingest(),
                    entry.inferTypes(),
                    entry.maxBytes(),
                    entry.s3(),
                    entry.line());
        }

        void failed(FileLoadException e) {
            failures.add(e.getMessage());
            retryable[0] &= e.retryable();
            log.accept(e.getMessage() + (e.retryable() ? " (the next try reads it again)" : ""));
        }

        /** Loads one file into its table (or its tabs' tables), replacing them, unless it is unchanged. */
        private List<FileTableResult> replace(FileStore store, SourceFile file, String base) {
            FileFormat format = entry.format() != null ? entry.format() : FileFormat.ofName(file.name());
            List<String> tabs = format == FileFormat.XLSX ? entry.tabs() : List.of();
            Map<String, Relation> targets = new java.util.LinkedHashMap<>();
            if (tabs.isEmpty()) {
                targets.put("", table(base));
            } else {
                tabs.forEach(tab -> targets.put(tab, table(base + "_" + ColumnNames.snakeCase(tab))));
            }
            List<LoadedFile> previous = new ArrayList<>();
            boolean allExist = true;
            try (WarehouseSession session = warehouse.session()) {
                for (Relation target : targets.values()) {
                    LoadedFile last = options.ledger().list(target.toString()).get(file.name());
                    if (last == null || session.relationKind(target).isEmpty()) {
                        allExist = false;
                    } else {
                        previous.add(last);
                    }
                }
            }
            long started = System.nanoTime();
            String knownEtag = allExist && sameValue(previous, LoadedFile::etag)
                    ? previous.get(0).etag()
                    : null;
            FileStore.Fetched fetched = store.fetch(file, knownEtag, entry.maxBytes(), tempDir);
            try {
                String checksum = fetched.checksum();
                long size = fetched.modified()
                        ? size(fetched.path())
                        : fetched.file().size();
                if (fetched.modified()
                        && checksum == null
                        && allExist
                        && sameValue(previous, LoadedFile::checksum)
                        && previous.get(0).size() == size) {
                    checksum = sha256(fetched.path());
                }
                if (!fetched.modified()
                        || allExist
                                && checksum != null
                                && sameValue(previous, LoadedFile::checksum)
                                && checksum.equals(previous.get(0).checksum())) {
                    LoadedFile last = previous.get(0);
                    List<FileTableResult> results = new ArrayList<>();
                    for (Relation target : targets.values()) {
                        log.accept("Table " + target + ": " + file.name() + " is unchanged since run " + last.runId()
                                + " loaded it at " + last.loadedAt() + "; not reloaded");
                        results.add(new FileTableResult(target, file.name(), 0, 0, 0, 1, 0, elapsed(started)));
                    }
                    return results;
                }
                OffsetDateTime updatedAt = updatedAt(fetched.file());
                List<FileTableResult> results = new ArrayList<>();
                if (format == FileFormat.XLSX) {
                    String workbookChecksum = checksum != null ? checksum : sha256(fetched.path());
                    Map<String, Path> sheets = XlsxSheets.toCsv(file.name(), fetched.path(), tabs, tempDir);
                    for (Map.Entry<String, Relation> tab : targets.entrySet()) {
                        Path sheet = tabs.isEmpty() ? sheets.values().iterator().next() : sheets.get(tab.getKey());
                        String shown = file.name() + (tabs.isEmpty() ? "" : " (sheet " + tab.getKey() + ")");
                        long tabStarted = System.nanoTime();
                        Loaded loaded = load(
                                tab.getValue(),
                                shown,
                                sheet,
                                StandardCharsets.UTF_8,
                                ',',
                                true,
                                updatedAt,
                                null,
                                LoadMode.REPLACE);
                        record(tab.getValue(), fetched.file(), size, workbookChecksum, loaded.rows());
                        results.add(result(tab.getValue(), file.name(), loaded, size, 1, tabStarted));
                    }
                } else {
                    Relation target = targets.get("");
                    Loaded loaded = load(
                            target,
                            file.name(),
                            fetched.path(),
                            Charset.forName(entry.encoding()),
                            separator(format),
                            false,
                            updatedAt,
                            null,
                            LoadMode.REPLACE);
                    record(
                            target,
                            fetched.file(),
                            size,
                            checksum != null ? checksum : loaded.checksum(),
                            loaded.rows());
                    results.add(result(target, file.name(), loaded, size, 1, started));
                }
                return results;
            } finally {
                deleteDownload(fetched, store);
            }
        }

        /** Appends each file of the folder or prefix the ledger does not know to one table, once. */
        private FileTableResult ingest(FileStore store, List<SourceFile> files) {
            long started = System.nanoTime();
            Relation target = table(tableBase(entry, null));
            Map<String, LoadedFile> loaded = options.ledger().list(target.toString());
            List<SourceFile> pending = files.stream()
                    .filter(file -> !loaded.containsKey(file.name()))
                    .toList();
            int skipped = files.size() - pending.size();
            if (pending.isEmpty()) {
                log.accept("Table " + target + ": all " + files.size() + " files of " + entry.location()
                        + " were loaded before; nothing new");
                return new FileTableResult(target, entry.location().value(), 0, 0, 0, skipped, 0, elapsed(started));
            }
            Map<String, Long> landed = alreadyLanded(target, pending);
            long rows = 0;
            long bytes = 0;
            int loadedFiles = 0;
            int failedFiles = 0;
            // One session loads every file, and the ledger hears of them in batches: a file whose rows are in RAW but
            // not yet in the ledger is found again by its _source_file rows, so no file loads twice.
            try (WarehouseSession session = warehouse.session()) {
                shared = session;
                for (SourceFile file : pending) {
                    if (unrecorded.size() >= LEDGER_BATCH) {
                        flushLedger();
                    }
                    Long found = landed.get(file.name());
                    if (found != null) {
                        // A try loaded it and stopped before its ledger row was written: record it, do not load it
                        // twice.
                        record(target, file, Math.max(file.size(), 0), null, found);
                        log.accept("Table " + target + ": " + file.name() + " was loaded by an earlier try that stopped"
                                + " before recording it (" + found + " rows); recorded it, not loaded again");
                        skipped++;
                        continue;
                    }
                    try {
                        Ingested ingested = ingestFile(store, target, file);
                        rows += ingested.rows();
                        bytes += ingested.bytes();
                        loadedFiles++;
                    } catch (FileLoadException e) {
                        failed(e);
                        failedFiles++;
                    }
                }
                if (defaults != null) {
                    defaults.dropDefaults(session, target);
                }
            } finally {
                shared = null;
                defaults = null;
                flushLedger();
            }
            return new FileTableResult(
                    target, entry.location().value(), rows, bytes, loadedFiles, skipped, failedFiles, elapsed(started));
        }

        /** Appends one file to {@code target}; its ledger row waits for the next batch. */
        private Ingested ingestFile(FileStore store, Relation target, SourceFile file) {
            FileStore.Fetched fetched = store.fetch(file, null, entry.maxBytes(), tempDir);
            try {
                long size = size(fetched.path());
                FileFormat format = entry.format() != null ? entry.format() : FileFormat.ofName(file.name());
                Loaded result;
                String checksum = fetched.checksum();
                if (format == FileFormat.XLSX) {
                    checksum = checksum != null ? checksum : sha256(fetched.path());
                    Path sheet = XlsxSheets.toCsv(file.name(), fetched.path(), List.of(), tempDir)
                            .values()
                            .iterator()
                            .next();
                    result = load(
                            target,
                            file.name(),
                            sheet,
                            StandardCharsets.UTF_8,
                            ',',
                            true,
                            updatedAt(fetched.file()),
                            file.name(),
                            LoadMode.APPEND);
                } else {
                    result = load(
                            target,
                            file.name(),
                            fetched.path(),
                            Charset.forName(entry.encoding()),
                            separator(format),
                            false,
                            updatedAt(fetched.file()),
                            file.name(),
                            LoadMode.APPEND);
                }
                unrecorded.add(ledgerRow(
                        target, fetched.file(), size, checksum != null ? checksum : result.checksum(), result.rows()));
                return new Ingested(result.rows(), size);
            } finally {
                deleteDownload(fetched, store);
            }
        }

        /** The rows already in {@code target} of each of {@code files}, by file name: loads whose ledger row is missing. */
        private Map<String, Long> alreadyLanded(Relation target, List<SourceFile> files) {
            Map<String, Long> landed = new HashMap<>();
            try (WarehouseSession session = warehouse.session()) {
                if (session.relationKind(target).isEmpty()
                        || !new TableLoader(session)
                                .existingColumns(target).keySet().stream()
                                        .anyMatch(column -> column.equalsIgnoreCase(FileRows.SOURCE_FILE))) {
                    return landed;
                }
                String column = session.dialect().quote(FileRows.SOURCE_FILE);
                for (int from = 0; from < files.size(); from += RECONCILE_CHUNK) {
                    List<SourceFile> chunk = files.subList(from, Math.min(files.size(), from + RECONCILE_CHUNK));
                    String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
                    String sql = "select " + column + ", count(*) from " + target.render(session.dialect()) + " where "
                            + column + " in (" + marks + ") group by " + column;
                    try (PreparedStatement statement = session.connection().prepareStatement(sql)) {
                        for (int i = 0; i < chunk.size(); i++) {
                            statement.setString(i + 1, chunk.get(i).name());
                        }
                        try (ResultSet results = statement.executeQuery()) {
                            while (results.next()) {
                                landed.put(results.getString(1), results.getLong(2));
                            }
                        }
                    }
                }
            } catch (SQLException e) {
                throw FileLoadException.unreachable(target.toString(), "cannot read the table: " + e.getMessage(), e);
            }
            return landed;
        }

        /**
         * Loads one CSV file into {@code target} and checks that the table then holds exactly the file's rows (those
         * of {@code sourceFile} when it is set).
         */
        private Loaded load(
                Relation target,
                String shown,
                Path path,
                Charset charset,
                char separator,
                boolean numbered,
                OffsetDateTime updatedAt,
                String sourceFile,
                LoadMode mode) {
            if (!numbered && CsvFill.applies(warehouse.target().type(), charset, entry.inferTypes())) {
                try {
                    return loadDirect(target, shown, path, separator, updatedAt, sourceFile, mode);
                } catch (CsvScan.Unusual e) {
                    log.accept(e.getMessage() + "; reading it row by row instead");
                }
            }
            List<ValueKind> kinds = null;
            if (entry.inferTypes()) {
                try (CsvRecords records = CsvRecords.open(shown, path, charset, separator, numbered)) {
                    ColumnKinds inferred = new ColumnKinds(records.header().size());
                    for (String[] row; (row = records.next()) != null; ) {
                        inferred.add(row);
                    }
                    kinds = inferred.kinds();
                }
            }
            try (CsvRecords records = CsvRecords.open(shown, path, charset, separator, numbered);
                    WarehouseSession session = warehouse.session()) {
                FileRows rows = new FileRows(records, kinds, updatedAt, sourceFile);
                LoadResult result;
                // Parsing runs on a thread of its own, a few batches ahead of the warehouse's bulk write.
                try (PrefetchedRows prefetched = PrefetchedRows.start(rows, target.identifier())) {
                    result = new TableLoader(session)
                            .load(
                                    new LoadRequest(target, mode, List.of(), options.runId(), Instant.now()),
                                    prefetched,
                                    count -> progress.rows(target, count));
                }
                long counted = count(session, target, sourceFile);
                if (counted != rows.rows() || result.rows() != rows.rows()) {
                    throw FileLoadException.badContent(
                            shown,
                            0,
                            "the file has " + rows.rows() + " rows but " + target + " holds " + counted
                                    + " of them after the load; load it again, and report it if it repeats");
                }
                return new Loaded(result, rows.rows(), records.checksum());
            }
        }

        /**
         * Loads one UTF-8 CSV file by the warehouse's own reader. The rows the table gains are those the warehouse
         * reports for the statement that wrote them, checked against the rows the scan counted in the file.
         */
        private Loaded loadDirect(
                Relation target,
                String shown,
                Path path,
                char separator,
                OffsetDateTime updatedAt,
                String sourceFile,
                LoadMode mode) {
            List<String> header;
            try (CsvRecords records = CsvRecords.open(shown, path, StandardCharsets.UTF_8, separator)) {
                header = records.header();
            }
            CsvFill fill = new CsvFill(
                    shown,
                    path,
                    separator,
                    ColumnNames.of(header),
                    updatedAt,
                    sourceFile,
                    count -> progress.rows(target, count));
            WarehouseSession session = shared != null ? shared : warehouse.session();
            try {
                LoadResult result;
                Instant uploadedAt = Instant.now();
                if (mode == LoadMode.APPEND && fill.columns().equals(appended.get(target))) {
                    // The run appended a file of these columns to the table already: no schema to read or change.
                    long started = System.nanoTime();
                    OffsetDateTime uploaded = uploadedAt.atOffset(ZoneOffset.UTC);
                    if (session.dialect().type() == WarehouseType.POSTGRES) {
                        // One statement before the file's transaction, so that its COPY does not lock out readers;
                        // the next file replaces the defaults, and the run drops them once at its end.
                        fill.setDefaults(session, target, uploaded, options.runId());
                        defaults = fill;
                    }
                    long filled = session.inTransaction(tx -> fill.append(tx, target, uploaded, options.runId()));
                    result = new LoadResult(target, mode, filled, 0, elapsed(started), List.of());
                } else {
                    result = new TableLoader(session)
                            .load(new LoadRequest(target, mode, List.of(), options.runId(), uploadedAt), fill);
                    if (mode == LoadMode.APPEND && result.schemaChanges().isEmpty()) {
                        appended.put(target, fill.columns());
                    }
                }
                long rows = fill.scanned().rows();
                return new Loaded(result, rows, fill.scanned().checksum());
            } catch (WarehouseException e) {
                throw new WarehouseException(
                        "Cannot load " + shown + " into " + target + ": " + e.getMessage()
                                + "; the table is as it was before this file",
                        e);
            } finally {
                if (session != shared) {
                    session.close();
                }
            }
        }

        private long count(WarehouseSession session, Relation target, String sourceFile) {
            String sql = "select count(*) from " + target.render(session.dialect())
                    + (sourceFile == null ? "" : " where " + session.dialect().quote(FileRows.SOURCE_FILE) + " = ?");
            try (PreparedStatement statement = session.connection().prepareStatement(sql)) {
                if (sourceFile != null) {
                    statement.setString(1, sourceFile);
                }
                try (ResultSet results = statement.executeQuery()) {
                    results.next();
                    return results.getLong(1);
                }
            } catch (SQLException e) {
                throw FileLoadException.unreachable(target.toString(), "cannot count its rows: " + e.getMessage(), e);
            }
        }

        private void record(Relation target, SourceFile file, long size, String checksum, long rows) {
            options.ledger().record(ledgerRow(target, file, size, checksum, rows));
        }

        private LoadedFile ledgerRow(Relation target, SourceFile file, long size, String checksum, long rows) {
            return new LoadedFile(
                    target.toString(), file.name(), size, file.etag(), checksum, Instant.now(), rows, options.runId());
        }

        private void flushLedger() {
            options.ledger().recordAll(unrecorded);
            unrecorded.clear();
        }

        private Relation table(String name) {
            return new Relation(rawDatabase, options.targetSchema(), name.toLowerCase(Locale.ROOT));
        }

        private FileTableResult result(
                Relation target, String source, Loaded loaded, long size, int files, long started) {
            return new FileTableResult(target, source, loaded.rows(), size, files, 0, 0, elapsed(started));
        }

        private void deleteDownload(FileStore.Fetched fetched, FileStore store) {
            if (fetched.modified() && !(store instanceof LocalFiles)) {
                deleteQuietly(fetched.path());
            }
        }
    }

    private record Loaded(LoadResult result, long rows, String checksum) {}

    private record Ingested(long rows, long bytes) {}

    private static <T> boolean sameValue(List<LoadedFile> files, java.util.function.Function<LoadedFile, T> value) {
        return !files.isEmpty()
                && value.apply(files.get(0)) != null
                && files.stream().allMatch(file -> value.apply(files.get(0)).equals(value.apply(file)));
    }

    private static char separator(FileFormat format) {
        return format == FileFormat.TSV ? '\t' : ',';
    }

    private static OffsetDateTime updatedAt(SourceFile file) {
        return (file.modified() == null ? Instant.now() : file.modified()).atOffset(ZoneOffset.UTC);
    }

    private static Duration elapsed(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private static long size(Path path) {
        try {
            return Files.size(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(Path path) {
        java.security.MessageDigest digest = Downloads.sha256();
        try (InputStream in = Files.newInputStream(path)) {
            byte[] buffer = new byte[1 << 16];
            for (int read; (read = in.read(buffer)) >= 0; ) {
                digest.update(buffer, 0, read);
            }
        } catch (IOException e) {
            throw FileLoadException.unreachable(path.toString(), e.getMessage(), e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("weir-files-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary folder for downloads", e);
        }
    }

    private static void deleteQuietly(Path path) {
        try (var paths = Files.walk(path)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(each -> each.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // A leftover temporary file is harmless.
        }
    }
}
