package io.weir.engine.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a try keeps beside it in {@code .weir/tries/} while it runs: its XCom file, and the exit status its command's
 * supervisor appends to its job's exit journal when the command ends. They outlive the process that started the
 * try, so whoever recovers the try after that process died still learns how it really ended.
 *
 * <p>Exit statuses are lines appended to one journal per job ({@code job-<id>.<generation>.exits}), not a file per
 * try: creating and deleting a small file for every command costs more than a short command itself on a busy file
 * system. A journal is started anew every {@link #TRIES_PER_JOURNAL} tries and deleted once every try it holds is
 * recorded; all of a job's journals go when the job has ended or has been recovered.
 */
public final class TryFiles {
    /** The exit status by which a command says it skipped itself, as Airflow's bash operator does. */
    public static final int SKIP_EXIT_CODE = 99;

    static final int TRIES_PER_JOURNAL = 10_000;

    /**
     * The supervisor of a command: runs it, then appends the try's name and the command's exit status to the journal
     * named by its first argument and exits with that status. Shell built-ins only, so a command costs one process
     * more, not two; one short append is one write, and a line cut short by a crash is ignored.
     */
    private static final String SUPERVISOR = "journal=$1; name=$2; shift 2; \"$@\"; status=$?;"
            + " printf '%s %s\\n' \"$name\" \"$status\" >> \"$journal\"; exit $status";

    private final Path dir;
    private volatile boolean created;
    /** Per job: the journal new tries append to, and how many tries of each journal are not recorded yet. */
    private final Map<Long, Journals> journals = new HashMap<>();

    public TryFiles(Path weirDir) {
        this.dir = weirDir.resolve("tries");
    }

    /** Where the try writes its XCom; the folder exists once this returns. */
    public Path xcomFile(ProcessLedger.TryRef ref) {
        createDir();
        return dir.resolve(name(ref) + ".xcom.json");
    }

    /**
     * The journal where the supervisor of a command of {@code ref}, a try of job {@code jobId}, appends its exit
     * status; the try counts as unrecorded until {@link #delete}.
     */
    public synchronized Path exitJournal(long jobId, ProcessLedger.TryRef ref) {
        createDir();
        return journalFile(
                jobId, journals.computeIfAbsent(jobId, id -> new Journals()).start(name(ref)));
    }

    /** {@code command} run under a supervisor that appends the exit status of try {@code ref} to {@code journal}. */
    public static List<String> supervised(List<String> command, Path journal, ProcessLedger.TryRef ref) {
        List<String> supervised = new ArrayList<>(command.size() + 5);
        supervised.add("/bin/sh");
        supervised.add("-c");
        supervised.add(SUPERVISOR);
        supervised.add("weir-supervisor");
        supervised.add(journal.toString());
        supervised.add(name(ref));
        supervised.addAll(command);
        return supervised;
    }

    /** The exit statuses the commands of job {@code jobId} ended with under a supervisor, read from its journals. */
    public ExitStatuses exitStatuses(long jobId) {
        Map<String, Integer> statuses = new HashMap<>();
        for (Path journal : journalsOf(jobId)) {
            Optional<String> text = read(journal);
            if (text.isEmpty()) {
                continue;
            }
            // A last line without its newline was cut short by a crash.
            String complete = text.get().substring(0, text.get().lastIndexOf('\n') + 1);
            for (String line : complete.split("\n")) {
                int space = line.lastIndexOf(' ');
                if (space > 0) {
                    try {
                        statuses.put(line.substring(0, space), Integer.parseInt(line.substring(space + 1)));
                    } catch (NumberFormatException e) {
                        // Not a line the supervisor wrote whole.
                    }
                }
            }
        }
        return new ExitStatuses(Map.copyOf(statuses));
    }

    /** How a job's supervised commands ended, by try. */
    public record ExitStatuses(Map<String, Integer> byTry) {
        /** The exit status of the try's command, if it ended under a supervisor; empty while it runs. */
        public Optional<Integer> of(ProcessLedger.TryRef ref) {
            return Optional.ofNullable(byTry.get(name(ref)));
        }
    }

    /** The text the try wrote to its XCom file, if any. */
    public Optional<String> xcomText(ProcessLedger.TryRef ref) {
        return read(dir.resolve(name(ref) + ".xcom.json"));
    }

    /**
     * The try's end is recorded: its XCom file goes, and a journal of its job none of whose tries is left unrecorded
     * goes too. A file left behind does no harm.
     */
    public void delete(ProcessLedger.TryRef ref) {
        // java.io.File answers a missing file (most tries write none) without building an exception.
        dir.resolve(name(ref) + ".xcom.json").toFile().delete();
        String name = name(ref);
        synchronized (this) {
            journals.forEach((jobId, jobJournals) -> jobJournals
                    .recorded(name)
                    .ifPresent(done -> journalFile(jobId, done).toFile().delete()));
        }
    }

    /** Deletes every exit journal of job {@code jobId}, which has ended or has been recovered. */
    public void forgetJob(long jobId) {
        synchronized (this) {
            journals.remove(jobId);
        }
        for (Path journal : journalsOf(jobId)) {
            journal.toFile().delete();
        }
    }

    private List<Path> journalsOf(long jobId) {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "job-" + jobId + ".*.exits")) {
            files.forEach(found::add);
        } catch (NoSuchFileException e) {
            // No try ever ran here.
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir, e);
        }
        return found;
    }

    private Path journalFile(long jobId, int generation) {
        return dir.resolve("job-" + jobId + "." + generation + ".exits");
    }

    private static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    private void createDir() {
        if (created) {
            return;
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + dir + " for the files tries keep", e);
        }
        created = true;
    }

    /** One name per try, as its exit journal names it: its ids URL-encoded (no slash or space is ambiguous), joined by '~'. */
    public static String name(ProcessLedger.TryRef ref) {
        return URLEncoder.encode(ref.dagId(), StandardCharsets.UTF_8) + "~"
                + URLEncoder.encode(ref.runId(), StandardCharsets.UTF_8) + "~"
                + URLEncoder.encode(ref.taskId(), StandardCharsets.UTF_8) + "~" + ref.tryNumber();
    }

    /** One job's journal generations: the one new tries use, and the tries of each not recorded yet. */
    private static final class Journals {
        private int current;
        private int startedInCurrent;
        private final Map<String, Integer> generationOf = new HashMap<>();
        private final Map<Integer, Integer> unrecorded = new HashMap<>();

        /** The generation the try appends to. */
        int start(String tryName) {
            if (startedInCurrent >= TRIES_PER_JOURNAL) {
                current++;
                startedInCurrent = 0;
            }
            startedInCurrent++;
            Integer previous = generationOf.put(tryName, current);
            if (previous != null) {
                // Started again (handed out twice): it counts once, in the journal it appends to now.
                unrecorded.merge(previous, -1, Integer::sum);
            }
            unrecorded.merge(current, 1, Integer::sum);
            return current;
        }

        /** The try is recorded; returns a past generation that holds no unrecorded try any more. */
        Optional<Integer> recorded(String tryName) {
            Integer generation = generationOf.remove(tryName);
            if (generation == null) {
                return Optional.empty();
            }
            int left = unrecorded.merge(generation, -1, Integer::sum);
            if (left > 0 || generation == current) {
                return Optional.empty();
            }
            unrecorded.remove(generation);
            return Optional.of(generation);
        }
    }
}
