package io.weir.engine.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The files a try keeps beside it in {@code .weir/tries/} while it runs: its XCom file and the exit status its
 * command's supervisor writes when the command ends. They outlive the process that started the try, so whoever
 * recovers the try after that process died still learns how it really ended.
 */
public final class TryFiles {
    /** The exit status by which a command says it skipped itself, as Airflow's bash operator does. */
    public static final int SKIP_EXIT_CODE = 99;

    /**
     * The supervisor of a command: runs it, then writes its exit status to the file named by its first argument and
     * exits with that status. Shell built-ins only, so a command costs one process more, not two; a reader that finds
     * the file before the number is in it sees no status, as if the command still ran.
     */
    private static final String SUPERVISOR =
            "status_file=$1; shift; \"$@\"; status=$?; printf '%s\\n' \"$status\" > \"$status_file\"; exit $status";

    private final Path dir;
    private volatile boolean created;

    public TryFiles(Path weirDir) {
        this.dir = weirDir.resolve("tries");
    }

    /** Where the try writes its XCom; the folder exists once this returns. */
    public Path xcomFile(ProcessLedger.TryRef ref) {
        createDir();
        return dir.resolve(name(ref) + ".xcom.json");
    }

    /** Where the try's command supervisor writes the command's exit status. */
    public Path exitStatusFile(ProcessLedger.TryRef ref) {
        return dir.resolve(name(ref) + ".exit");
    }

    /** {@code command} run under a supervisor that records its exit status in {@code statusFile}. */
    public static List<String> supervised(List<String> command, Path statusFile) {
        List<String> supervised = new java.util.ArrayList<>(command.size() + 4);
        supervised.add("/bin/sh");
        supervised.add("-c");
        supervised.add(SUPERVISOR);
        supervised.add("weir-supervisor");
        supervised.add(statusFile.toString());
        supervised.addAll(command);
        return supervised;
    }

    /** The exit status the try's command ended with, if it ended under a supervisor; empty while it runs. */
    public Optional<Integer> exitStatus(ProcessLedger.TryRef ref) {
        return read(exitStatusFile(ref)).flatMap(text -> {
            try {
                return Optional.of(Integer.parseInt(text.strip()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    /** The text the try wrote to its XCom file, if any. */
    public Optional<String> xcomText(ProcessLedger.TryRef ref) {
        return read(dir.resolve(name(ref) + ".xcom.json"));
    }

    /** Deletes the try's files once its end is recorded; a file left behind does no harm. */
    public void delete(ProcessLedger.TryRef ref) {
        String name = name(ref);
        // java.io.File answers a missing file (most tries write neither) without building an exception.
        dir.resolve(name + ".xcom.json").toFile().delete();
        dir.resolve(name + ".exit").toFile().delete();
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

    /** One file name per try: its ids URL-encoded (no slash or space is ambiguous), joined by '~'. */
    private static String name(ProcessLedger.TryRef ref) {
        return URLEncoder.encode(ref.dagId(), StandardCharsets.UTF_8) + "~"
                + URLEncoder.encode(ref.runId(), StandardCharsets.UTF_8) + "~"
                + URLEncoder.encode(ref.taskId(), StandardCharsets.UTF_8) + "~" + ref.tryNumber();
    }
}
