package io.weir.engine.process;

import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processes this host's tries started, so that after a crash the next scheduler ends what the dead job left
 * behind. Each job appends to one journal, {@code .weir/pids/job-<id>.pids}: a {@code +} line when a try's first
 * process starts, a {@code -} line when the try is over. What has a {@code +} and no {@code -} may still run.
 *
 * <p>A line is one append, written to the operating system before the process is reported started, so a killed
 * scheduler loses none; a line cut short by a crash is ignored. Appending is far cheaper than a metadata transaction
 * or a file per try (creating and deleting thousands of small files is slow on most file systems), and a process id
 * only means something on the host that started it anyway. Once a journal has grown past {@link #COMPACT_AFTER_BYTES}
 * it is rewritten with only the tries still in progress.
 */
public final class ProcessLedger {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessLedger.class);
    static final long COMPACT_AFTER_BYTES = 1 << 20;
    private static final String SUFFIX = ".pids";

    /** A recorded process: its id and start time tell it from a later process that reuses the id. */
    public record Entry(long pid, Instant startedAt, String tryName) {
        /** The try that started it, when its name was written by {@link #tryName(TryRef)}. */
        public Optional<TryRef> tryRef() {
            String[] parts = tryName.split("/", -1);
            if (parts.length != 4) {
                return Optional.empty();
            }
            try {
                return Optional.of(new TryRef(
                        URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                        URLDecoder.decode(parts[1], StandardCharsets.UTF_8),
                        URLDecoder.decode(parts[2], StandardCharsets.UTF_8),
                        Integer.parseInt(parts[3])));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }

        /** "task t of DAG d, run r, try n", or the name as written. */
        public String describe() {
            return tryRef().map(TryRef::toString).orElse(tryName);
        }
    }

    /** One try of one task instance. */
    public record TryRef(String dagId, String runId, String taskId, int tryNumber) {
        @Override
        public String toString() {
            return "task " + taskId + " of DAG " + dagId + ", run " + runId + ", try " + tryNumber;
        }
    }

    /** A try's name in the journal: its ids, each URL-encoded so that neither a space nor a slash is ambiguous. */
    public static String tryName(TryRef ref) {
        return URLEncoder.encode(ref.dagId(), StandardCharsets.UTF_8) + "/"
                + URLEncoder.encode(ref.runId(), StandardCharsets.UTF_8) + "/"
                + URLEncoder.encode(ref.taskId(), StandardCharsets.UTF_8) + "/" + ref.tryNumber();
    }

    /** What {@link #record} wrote, to hand to {@link #forget} when the try ends. */
    public record Recorded(long jobId, Entry entry) {}

    private final Path root;
    private final Map<Long, Journal> journals = new ConcurrentHashMap<>();

    public ProcessLedger(Path weirDir) {
        this.root = weirDir.resolve("pids");
    }

    /** Records the first process of a try, before it is reported started. */
    public Recorded record(long jobId, String tryName, long pid, Instant startedAt) {
        Entry entry = new Entry(pid, startedAt, tryName.replaceAll("\\s", "_"));
        journal(jobId).append('+', entry);
        return new Recorded(jobId, entry);
    }

    /** Records that a try's processes have all ended. */
    public void forget(Recorded recorded) {
        journal(recorded.jobId()).append('-', recorded.entry());
    }

    /** The processes a job recorded and did not forget, read from its journal (the job may be another process's). */
    public List<Entry> entries(long jobId) {
        List<Entry> entries = new ArrayList<>(legacyEntries(jobId));
        Path file = file(jobId);
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            // A last line without its newline was cut short by a crash.
            String complete = text.substring(0, text.lastIndexOf('\n') + 1);
            entries.addAll(Journal.live(complete.lines().toList()).keySet());
        } catch (NoSuchFileException e) {
            // Nothing recorded.
        } catch (IOException e) {
            LOG.warn("Could not read the processes of job {} in {}: {}", jobId, file, e.getMessage());
        }
        return List.copyOf(entries);
    }

    /**
     * What a scheduler of an earlier Weir version recorded, one file per try in {@code job-<id>/}, so that upgrading
     * after a crash still ends what the crashed job left running.
     */
    private List<Entry> legacyEntries(long jobId) {
        Path folder = legacyFolder(jobId);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<Entry> entries = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.pid")) {
            for (Path file : files) {
                try {
                    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                    if (lines.size() >= 2 && !lines.get(0).isBlank()) {
                        entries.add(new Entry(
                                Long.parseLong(lines.get(0).strip()),
                                lines.get(1).isBlank() ? null : Instant.parse(lines.get(1)),
                                lines.size() > 2
                                        ? lines.get(2)
                                        : file.getFileName().toString()));
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.warn("Could not read the process of job {} in {}: {}", jobId, file, e.getMessage());
                }
            }
        } catch (IOException e) {
            LOG.warn("Could not read the processes of job {} in {}: {}", jobId, folder, e.getMessage());
        }
        return entries;
    }

    /** Removes everything a job recorded (once its processes are dealt with). */
    public void forgetJob(long jobId) {
        Journal journal = journals.remove(jobId);
        if (journal != null) {
            journal.close();
        }
        Path file = file(jobId);
        Path legacy = legacyFolder(jobId);
        try {
            Files.deleteIfExists(file);
            // A compaction cut short by a crash leaves its new journal behind.
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + ".next"));
            if (Files.isDirectory(legacy)) {
                try (DirectoryStream<Path> files = Files.newDirectoryStream(legacy)) {
                    for (Path leftover : files) {
                        Files.deleteIfExists(leftover);
                    }
                }
                Files.deleteIfExists(legacy);
            }
        } catch (IOException e) {
            LOG.debug("Could not remove {}: {}", file, e.getMessage());
        }
    }

    private Journal journal(long jobId) {
        return journals.computeIfAbsent(jobId, id -> new Journal(file(id)));
    }

    private Path file(long jobId) {
        return root.resolve("job-" + jobId + SUFFIX);
    }

    private Path legacyFolder(long jobId) {
        return root.resolve("job-" + jobId);
    }

    /**
     * One job's journal, kept open for appending while the job runs; appends and the rewrite that compacts it take
     * turns on the journal's lock.
     */
    private static final class Journal {
        private final Path file;
        private final Map<Entry, Integer> live = new LinkedHashMap<>();
        private FileChannel channel;
        private long bytes;

        Journal(Path file) {
            this.file = file;
        }

        synchronized void append(char sign, Entry entry) {
            if (sign == '+') {
                live.merge(entry, 1, Integer::sum);
            } else {
                live.computeIfPresent(entry, (key, count) -> count > 1 ? count - 1 : null);
            }
            byte[] line = line(sign, entry).getBytes(StandardCharsets.UTF_8);
            try {
                if (sign == '-' && bytes + line.length > COMPACT_AFTER_BYTES) {
                    compact();
                    return;
                }
                if (channel == null) {
                    Files.createDirectories(file.getParent());
                    channel = FileChannel.open(
                            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
                    bytes = channel.size();
                }
                ByteBuffer buffer = ByteBuffer.wrap(line);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                bytes += line.length;
            } catch (IOException e) {
                close();
                LOG.warn(
                        "Could not record process {} of {} in {}: {}",
                        entry.pid(),
                        entry.tryName(),
                        file,
                        e.getMessage());
            }
        }

        /** Rewrites the journal with the tries still in progress; the new file replaces the old one at once. */
        private void compact() throws IOException {
            StringBuilder text = new StringBuilder();
            live.forEach((entry, count) -> {
                for (int i = 0; i < count; i++) {
                    text.append(line('+', entry));
                }
            });
            byte[] content = text.toString().getBytes(StandardCharsets.UTF_8);
            Path next = file.resolveSibling(file.getFileName() + ".next");
            Files.write(next, content);
            try {
                Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(next, file, StandardCopyOption.REPLACE_EXISTING);
            }
            // The open channel still writes to the replaced file: the next append opens the new one.
            close();
            bytes = content.length;
        }

        synchronized void close() {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    LOG.debug("Could not close {}: {}", file, e.getMessage());
                }
                channel = null;
            }
        }

        private static String line(char sign, Entry entry) {
            return sign + " " + entry.pid() + " " + (entry.startedAt() == null ? "-" : entry.startedAt()) + " "
                    + entry.tryName() + "\n";
        }

        /** Replays a journal's lines: the entries started and not yet forgotten, in the order they started. */
        static Map<Entry, Integer> live(List<String> lines) {
            Map<Entry, Integer> live = new LinkedHashMap<>();
            for (String line : lines) {
                String[] fields = line.split(" ", 4);
                if (fields.length < 4 || !(fields[0].equals("+") || fields[0].equals("-"))) {
                    continue;
                }
                Entry entry;
                try {
                    entry = new Entry(
                            Long.parseLong(fields[1]),
                            fields[2].equals("-") ? null : Instant.parse(fields[2]),
                            fields[3]);
                } catch (NumberFormatException | DateTimeParseException e) {
                    continue;
                }
                if (fields[0].equals("+")) {
                    live.merge(entry, 1, Integer::sum);
                } else {
                    live.computeIfPresent(entry, (key, count) -> count > 1 ? count - 1 : null);
                }
            }
            return live;
        }
    }
}
