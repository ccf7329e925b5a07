package io.weir.extract.singer;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.weir.core.task.TaskFailure;
import io.weir.extract.ExtractException;
import io.weir.warehouse.Relation;
import io.weir.warehouse.Warehouse;
import io.weir.warehouse.WarehouseSession;
import io.weir.warehouse.WarehouseSettings;
import io.weir.warehouse.load.LoadMode;
import io.weir.warehouse.load.LoadRequest;
import io.weir.warehouse.load.LoadResult;
import io.weir.warehouse.load.TableLoader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs a Singer tap and loads what it prints as it streams: SCHEMA messages set each stream's columns, RECORD
 * messages are spilled per stream, and at a STATE message (once {@code commitEvery} records wait) every waiting record
 * is loaded into {@code raw.<schema>.<stream>} (merged on {@code key_properties}, else appended) before that STATE is
 * kept. The next run passes the kept state back as {@code --state}, so a tap that dies loses nothing and repeats
 * nothing: its records after the last kept STATE are not loaded, and come again.
 */
public final class SingerExtract {
    public static final String DEFAULT_SCHEMA = "singer";
    public static final long DEFAULT_COMMIT_EVERY = 10_000;

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    /**
     * What to run.
     *
     * @param command the tap and its own arguments; Weir adds {@code --config}, {@code --catalog} and {@code --state}
     * @param config the tap's config file relative to the project, whose {@code ${NAME}} are filled from the
     *     environment (the declared secrets), or null
     * @param catalog the catalog file relative to the project, or null
     * @param environment what the tap process gets beside Weir's own environment: the try's variables and secrets
     * @param commitEvery how many records must wait before a STATE commits them
     */
    public record Options(
            List<String> command,
            Path projectDir,
            String config,
            String catalog,
            Map<String, String> environment,
            String targetSchema,
            long commitEvery,
            String runId) {
        public Options {
            command = List.copyOf(command);
            requireNonNull(projectDir, "projectDir is null");
            environment = Map.copyOf(environment);
            requireNonNull(targetSchema, "targetSchema is null");
            requireNonNull(runId, "runId is null");
            if (command.isEmpty()) {
                throw new IllegalArgumentException("a tap command is needed");
            }
        }
    }

    /** Where a run hears about the tap and keeps its state. */
    public interface Listener {
        /** A line for the try's log: the tap's stderr, commits. */
        void log(String line);

        /** The tap's process started. */
        void started(ProcessHandle process);

        /** Keeps {@code state} durably; called only after the records before it are committed. */
        void saveState(String state);

        boolean cancelled();
    }

    private final Options options;
    private final String tap;

    public SingerExtract(Options options) {
        this.options = requireNonNull(options, "options is null");
        this.tap = String.join(" ", options.command());
    }

    /**
     * Runs the tap with {@code savedState} (the state of the last commit, if any).
     *
     * @return what each stream loaded, in the order streams first appeared
     * @throws TaskFailure when the tap exits non-zero (retryable) or prints what is no Singer message (permanent);
     *     the state stays at the last commit
     */
    public List<StreamResult> run(Warehouse warehouse, Optional<String> savedState, Listener listener) {
        Path work;
        try {
            work = Files.createTempDirectory("weir-singer-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a folder for the tap's files", e);
        }
        try {
            return new Run(warehouse, listener, work).run(savedState);
        } finally {
            delete(work);
        }
    }

    private final class Run {
        private final Warehouse warehouse;
        private final Listener listener;
        private final Path work;
        private final String rawDatabase;
        private final Map<String, StreamSchema> schemas = new LinkedHashMap<>();
        private final Map<String, PendingRecords> pending = new LinkedHashMap<>();
        private final Map<String, StreamResult> results = new LinkedHashMap<>();
        private String lastState;
        private boolean stateSaved = true;
        private long waiting;

        Run(Warehouse warehouse, Listener listener, Path work) {
            this.warehouse = warehouse;
            this.listener = listener;
            this.work = work;
            this.rawDatabase = WarehouseSettings.rawDatabase(warehouse.target());
        }

        List<StreamResult> run(Optional<String> savedState) {
            List<String> command = new ArrayList<>(options.command());
            try {
                if (options.config() != null) {
                    command.add("--config");
                    command.add(privateFile("config.json", config()).toString());
                }
                if (options.catalog() != null) {
                    Path catalog = options.projectDir().resolve(options.catalog());
                    if (!Files.isRegularFile(catalog)) {
                        throw new ExtractException("The catalog " + options.catalog() + " does not exist; check"
                                + " 'catalog', which is relative to the project");
                    }
                    command.add("--catalog");
                    command.add(catalog.toString());
                }
                if (savedState.isPresent()) {
                    command.add("--state");
                    command.add(privateFile("state.json", savedState.get()).toString());
                    listener.log("Passing the state of the last commit to the tap: " + savedState.get());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write the tap's files", e);
            }
            ProcessBuilder builder =
                    new ProcessBuilder(command).directory(options.projectDir().toFile());
            builder.environment().putAll(options.environment());
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new TaskFailure(
                        "Cannot start the tap " + tap + ": " + e.getMessage() + "; check 'command' (the program must"
                                + " be on the PATH or a path relative to the project)",
                        false,
                        e);
            }
            listener.started(process.toHandle());
            Thread stderr = new Thread(() -> copyStderr(process), "singer-stderr");
            stderr.setDaemon(true);
            stderr.start();
            try {
                read(process);
                int status = process.waitFor();
                stderr.join();
                if (status != 0) {
                    throw new TaskFailure(
                            "The tap " + tap + " exited with status " + status + "; " + discarded()
                                    + " the kept state is that of the last commit (see the tap's stderr above)",
                            true);
                }
                commit();
                return new ArrayList<>(results.values());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TaskFailure("Interrupted while the tap " + tap + " ran", true, e);
            } catch (IOException e) {
                throw new TaskFailure("Cannot read the output of the tap " + tap + ": " + e.getMessage(), true, e);
            } finally {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                for (PendingRecords records : pending.values()) {
                    try {
                        records.close();
                    } catch (IOException e) {
                        listener.log("Cannot delete a spill file: " + e.getMessage());
                    }
                }
            }
        }

        private String discarded() {
            long count =
                    pending.values().stream().mapToLong(PendingRecords::count).sum();
            return count == 0
                    ? "every record before its last STATE was committed, and"
                    : String.format(
                            "its %,d records after the last committed STATE were not loaded (they come again"
                                    + " on the next run), and",
                            count);
        }

        private void read(Process process) throws IOException {
            try (BufferedReader reader =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                long line = 0;
                for (String text = reader.readLine(); text != null; text = reader.readLine()) {
                    line++;
                    if (listener.cancelled()) {
                        throw new TaskFailure("The try was cancelled while the tap " + tap + " ran", true);
                    }
                    if (!text.isBlank()) {
                        handle(line, text);
                    }
                }
            }
        }

        private void handle(long line, String text) throws IOException {
            JsonNode message;
            try {
                message = JSON.readTree(text);
            } catch (JsonProcessingException e) {
                throw permanent(line, "is not JSON (" + e.getOriginalMessage() + "): " + shorten(text));
            }
            String type = message.path("type").asText();
            String stream = message.path("stream").asText(null);
            switch (type) {
                case "SCHEMA" -> {
                    if (stream == null
                            || !message.path("schema").path("properties").isObject()) {
                        throw permanent(line, "is a SCHEMA without a stream or without schema.properties");
                    }
                    StreamSchema schema = StreamSchema.of(message);
                    for (String key : schema.keyProperties()) {
                        if (!schema.properties().containsKey(key)) {
                            throw permanent(
                                    line,
                                    "names the key property " + key + " of stream " + stream
                                            + ", which its schema does not have");
                        }
                    }
                    PendingRecords waitingRecords = pending.get(stream);
                    if (waitingRecords != null && !waitingRecords.schema().equals(schema)) {
                        load(stream);
                    }
                    schemas.put(stream, schema);
                }
                case "RECORD" -> {
                    if (stream == null || !message.path("record").isObject()) {
                        throw permanent(line, "is a RECORD without a stream or without a record object");
                    }
                    StreamSchema schema = schemas.get(stream);
                    if (schema == null) {
                        throw permanent(line, "is a RECORD of stream " + stream + ", whose SCHEMA has not come");
                    }
                    PendingRecords records = pending.get(stream);
                    if (records == null) {
                        records = new PendingRecords(schema, work);
                        pending.put(stream, records);
                    }
                    records.add(line, message.get("record").toString());
                    waiting++;
                }
                case "STATE" -> {
                    lastState = message.path("value").toString();
                    stateSaved = false;
                    if (waiting >= options.commitEvery()) {
                        commit();
                    }
                }
                default -> {
                    // ACTIVATE_VERSION and other messages change nothing Weir keeps.
                }
            }
        }

        /** Loads every waiting record, then keeps the last STATE. */
        private void commit() throws IOException {
            long records = waiting;
            for (String stream : new ArrayList<>(pending.keySet())) {
                load(stream);
            }
            waiting = 0;
            if (lastState != null && !stateSaved) {
                listener.saveState(lastState);
                stateSaved = true;
                listener.log(String.format("Committed %,d records; kept the state %s", records, shorten(lastState)));
            }
        }

        private void load(String stream) throws IOException {
            PendingRecords records = pending.remove(stream);
            if (records == null) {
                return;
            }
            try (records) {
                StreamSchema schema = records.schema();
                waiting -= records.count();
                Relation target =
                        new Relation(rawDatabase, options.targetSchema(), StreamSchema.tableName(schema.stream()));
                LoadMode mode = schema.keyProperties().isEmpty() ? LoadMode.APPEND : LoadMode.MERGE;
                long started = System.nanoTime();
                LoadResult result;
                try (WarehouseSession session = warehouse.session()) {
                    result = new TableLoader(session)
                            .load(
                                    new LoadRequest(
                                            target, mode, schema.keyProperties(), options.runId(), Instant.now()),
                                    records.rows(JSON, tap),
                                    count -> listener.log(String.format("  %s: %,d rows so far", stream, count)));
                }
                long nanos = System.nanoTime() - started;
                results.merge(
                        stream,
                        new StreamResult(stream, target, mode.displayName(), result.rows(), nanos),
                        (old, added) -> old.plus(added.rows(), added.nanos()));
            }
        }

        private String config() throws IOException {
            String text;
            try {
                text = Files.readString(options.projectDir().resolve(options.config()));
            } catch (NoSuchFileException e) {
                throw new ExtractException("The tap config " + options.config() + " does not exist; check 'config',"
                        + " which is relative to the project");
            }
            Matcher matcher = PLACEHOLDER.matcher(text);
            StringBuilder filled = new StringBuilder();
            while (matcher.find()) {
                String value = options.environment().get(matcher.group(1));
                if (value == null) {
                    throw new ExtractException("The tap config " + options.config() + " names ${" + matcher.group(1)
                            + "}, which the task does not have; declare it in the task's 'secrets'");
                }
                String json = JSON.writeValueAsString(value);
                matcher.appendReplacement(filled, Matcher.quoteReplacement(json.substring(1, json.length() - 1)));
            }
            matcher.appendTail(filled);
            return filled.toString();
        }

        private Path privateFile(String name, String content) throws IOException {
            Path file = work.resolve(name);
            Files.writeString(file, content);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system; the folder is the user's own temporary folder.
            }
            return file;
        }

        private void copyStderr(Process process) {
            try (BufferedReader reader =
                    new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String text = reader.readLine(); text != null; text = reader.readLine()) {
                    listener.log("tap: " + text);
                }
            } catch (IOException e) {
                listener.log("Cannot read the tap's stderr: " + e.getMessage());
            }
        }

        private TaskFailure permanent(long line, String problem) {
            return new TaskFailure(
                    "The tap " + tap + ": line " + line + " of its output " + problem + "; the records after the last"
                            + " committed STATE were not loaded",
                    false);
        }
    }

    private static String shorten(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    private static void delete(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A temporary folder left behind is harmless.
        }
    }
}
