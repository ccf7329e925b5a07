package io.weir.engine.process;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One long-lived {@code /bin/sh} that starts the commands of a runner's tries and waits for them: for each command
 * it forks a small subshell that runs the command, appends the try's name and exit status to its job's exit journal,
 * and only then tells Weir. The journal line is written by the process that waits for the command, so it outlives a
 * killed Weir; a shell forking costs far less than the JVM starting a program, so a command costs no extra process
 * start. The shell reads its requests as a script from its input; when Weir dies that input ends, and each subshell still waits for its command and keeps its status.
 *
 * <p>Output reaches Weir through a named pipe per running command (pipes are reused), so that the log masks it as
 * it does any process's output. A command the shell could not pass on exactly (an environment variable that is not
 * a shell name) is left to {@link TryFiles#supervised}.
 */
public final class CommandSupervisor implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(CommandSupervisor.class);

    private static final Pattern SHELL_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final int PIPES_PER_BATCH = 8;
    private static final long POLL_MILLIS = 100;
    private static final int REQUESTS_PER_SHELL = 10_000;
    /** The status a subshell that died without saying how its command ended is given: killed by SIGKILL. */
    static final int KILLED = 128 + 9;

    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final Deque<Path> freePipes = new ArrayDeque<>();
    private Process shell;
    private OutputStream requests;
    private Path pipesDir;
    private int pipesMade;
    private int requestsToShell;
    private final int requestsPerShell;

    public CommandSupervisor() {
        this(REQUESTS_PER_SHELL);
    }

    /** @param requestsPerShell how many requests one shell serves before a fresh one takes over */
    CommandSupervisor(int requestsPerShell) {
        this.requestsPerShell = requestsPerShell;
    }

    private boolean closed;

    /** What offers a try's commands the supervisor of the runner running it. */
    public interface Provider {
        /** The supervisor, or empty when commands are started one by one. */
        Optional<CommandSupervisor> commandSupervisor();
    }

    /** A command started under the supervisor: its subshell, its output, and its exit status when it ends. */
    public final class Supervised implements Closeable {
        private final Pending request;
        private final Optional<ProcessHandle> process;
        private final Path pipe;
        private final InputStream output;
        private boolean drained;

        private Supervised(Pending request, Optional<ProcessHandle> process, Path pipe, InputStream output) {
            this.request = request;
            this.process = process;
            this.pipe = pipe;
            this.output = new InputStream() {
                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int read = output.read(buffer, offset, length);
                    drained |= read < 0;
                    return read;
                }

                @Override
                public void close() throws IOException {
                    output.close();
                }
            };
        }

        /** The subshell waiting for the command (ending its tree ends the command); empty when it has ended. */
        public Optional<ProcessHandle> process() {
            return process;
        }

        /** The command's output and errors, until it and every process holding them ended. */
        public InputStream output() {
            return output;
        }

        /** Waits for the command's exit status, as its subshell journaled it; 137 when the subshell was killed. */
        public int waitFor() throws InterruptedException {
            return await(request.exit, () -> process.filter(ProcessTrees::isRunning)
                            .isPresent())
                    .orElse(KILLED);
        }

        /** Closes the output; its pipe serves another command once nothing held it any more. */
        @Override
        public void close() throws IOException {
            output.close();
            pending.remove(request.id);
            if (drained) {
                synchronized (CommandSupervisor.this) {
                    if (!closed) {
                        freePipes.push(pipe);
                        return;
                    }
                }
            }
            Files.deleteIfExists(pipe);
        }
    }

    /**
     * Starts {@code program} (its first word a path to the program) in {@code workingDirectory} with exactly
     * {@code environment}, appending {@code tryName} and its exit status to {@code journal} when it ends. Empty when
     * the command is one the shell cannot pass on exactly; the caller then starts it itself.
     */
    public Optional<Supervised> start(
            List<String> program, Map<String, String> environment, Path workingDirectory, String tryName, Path journal)
            throws IOException, InterruptedException {
        if (!environment.keySet().stream()
                .allMatch(name -> SHELL_NAME.matcher(name).matches())) {
            return Optional.empty();
        }
        long id = ids.incrementAndGet();
        Path pipe = takePipe();
        // A pipe removed since (a start that failed part-way) is not made again as a plain file.
        StringBuilder request = new StringBuilder("(trap : TERM; [ -p ").append(quote(pipe.toString()));
        request.append(" ] && exec 3>").append(quote(pipe.toString()));
        request.append(" 2>&3 || exit 126; echo \"O ").append(id).append("\"; if cd ");
        // A folder gone since the try was checked still ends in a journalled status, 126 as a shell gives it.
        request.append(quote(workingDirectory.toString())).append("; then unset OLDPWD;");
        if (!environment.isEmpty()) {
            request.append(" export");
            environment.forEach((name, value) -> request.append(' ').append(quote(name + "=" + value)));
            request.append(';');
        }
        for (String word : program) {
            request.append(' ').append(quote(word));
        }
        request.append(" </dev/null >&3 2>&3 3>&-; s=$?; else s=126; fi; exec 3>&- 2>/dev/null; printf '%s %s\\n' ");
        request.append(quote(tryName)).append(" \"$s\" >>").append(quote(journal.toString()));
        request.append("; echo \"E ")
                .append(id)
                .append(" $s\") &\necho \"P ")
                .append(id)
                .append(" $!\"\n");
        if (request.indexOf("\0") >= 0) {
            freePipes(pipe);
            return Optional.empty();
        }
        Pending waiting = new Pending(id);
        pending.put(id, waiting);
        InputStream output = null;
        // Held open for writing until the subshell has the pipe, so neither side waits for the other to open it.
        try (FileChannel keeper = FileChannel.open(pipe, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            output = new FileInputStream(pipe.toFile());
            send(request.toString());
            Optional<Long> pid = await(waiting.pid, this::shellRunning);
            if (pid.isEmpty()) {
                throw new IOException("The command supervisor stopped before it started the command");
            }
            // Empty when the subshell has ended already: a quick command may be over before this looks.
            Optional<ProcessHandle> process = ProcessHandle.of(pid.get());
            await(waiting.opened, () -> process.filter(ProcessTrees::isRunning).isPresent());
            return Optional.of(new Supervised(waiting, process, pipe, output));
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            abandon(id, pipe, output, e);
            throw e;
        }
    }

    /**
     * Forgets a start that failed part-way: no request waits for answers, and its pipe is removed rather than reused,
     * since a subshell that did start may still hold it (it finds no pipe to open if it has not yet).
     */
    private void abandon(long id, Path pipe, InputStream output, Throwable failure) {
        pending.remove(id);
        try {
            if (output != null) {
                output.close();
            }
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
        try {
            Files.deleteIfExists(pipe);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    /** How many requests wait for the shell's answers. */
    int pendingRequests() {
        return pending.size();
    }

    /** Waits for {@code answer}, or until the process that would give it is gone; empty when it is. */
    private static <T> Optional<T> await(CompletableFuture<T> answer, BooleanSupplier running)
            throws InterruptedException {
        while (true) {
            try {
                return Optional.of(answer.get(POLL_MILLIS, TimeUnit.MILLISECONDS));
            } catch (TimeoutException e) {
                if (!running.getAsBoolean()) {
                    // What it wrote before it ended is still on its way through the reader.
                    try {
                        return Optional.of(answer.get(1, TimeUnit.SECONDS));
                    } catch (TimeoutException | ExecutionException late) {
                        return Optional.empty();
                    }
                }
            } catch (ExecutionException e) {
                return Optional.empty();
            }
        }
    }

    private synchronized boolean shellRunning() {
        return shell != null && shell.isAlive();
    }

    private void send(String request) throws IOException {
        synchronized (this) {
            ensureShell();
            try {
                requests.write(request.getBytes(StandardCharsets.UTF_8));
                requests.flush();
            } catch (IOException e) {
                stopShell();
                throw new IOException("The command supervisor stopped: " + e.getMessage(), e);
            }
        }
    }

    private synchronized Path takePipe() throws IOException, InterruptedException {
        if (closed) {
            throw new IOException("The command supervisor is closed");
        }
        if (freePipes.isEmpty()) {
            makePipes();
        }
        return freePipes.pop();
    }

    private synchronized void freePipes(Path pipe) {
        freePipes.push(pipe);
    }

    /** Makes a few more named pipes, with the shell's mkfifo: the JDK has no call for it. */
    private void makePipes() throws IOException, InterruptedException {
        ensureShell();
        List<Path> made = new ArrayList<>();
        StringBuilder command = new StringBuilder("mkfifo -m 600");
        for (int index = 0; index < PIPES_PER_BATCH; index++) {
            Path pipe = pipesDir.resolve("output-" + ++pipesMade);
            made.add(pipe);
            command.append(' ').append(quote(pipe.toString()));
        }
        long id = ids.incrementAndGet();
        Pending waiting = new Pending(id);
        pending.put(id, waiting);
        try {
            send(command.append(" 2>/dev/null; echo \"E ")
                    .append(id)
                    .append(" $?\"\n")
                    .toString());
            Optional<Integer> status = await(waiting.exit, this::shellRunning);
            if (status.isEmpty() || status.get() != 0) {
                throw new IOException("Could not make the named pipes commands write their output to in " + pipesDir);
            }
        } finally {
            pending.remove(id);
        }
        freePipes.addAll(made);
    }

    private void ensureShell() throws IOException {
        // The shell keeps a little memory for each background job it started: a fresh one takes over now and then.
        if (shell != null && shell.isAlive() && ++requestsToShell <= requestsPerShell) {
            return;
        }
        requestsToShell = 1;
        stopShell();
        if (pipesDir == null) {
            pipesDir = Files.createTempDirectory("weir-output-");
        }
        // The shell runs its input as a script, each request as soon as its line is complete.
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-s")
                .directory(pipesDir.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        // The commands get exactly the environment they are given; the shell exports nothing of its own.
        builder.environment().clear();
        shell = builder.start();
        requests = shell.getOutputStream();
        Process started = shell;
        Thread reader = new Thread(() -> readAnswers(started), "weir-command-supervisor");
        reader.setDaemon(true);
        reader.start();
    }

    /** Hands each answer line (P id pid, O id, E id status) to the request waiting for it. */
    private void readAnswers(Process from) {
        try (BufferedReader answers =
                new BufferedReader(new InputStreamReader(from.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = answers.readLine()) != null) {
                String[] fields = line.split(" ");
                if (fields.length < 2) {
                    continue;
                }
                Pending request;
                try {
                    request = pending.get(Long.parseLong(fields[1]));
                } catch (NumberFormatException e) {
                    continue;
                }
                if (request == null) {
                    continue;
                }
                switch (fields[0]) {
                    case "P" -> request.pid.complete(Long.parseLong(fields[2]));
                    case "O" -> request.opened.complete(Boolean.TRUE);
                    case "E" -> request.exit.complete(Integer.parseInt(fields[2]));
                    default -> LOG.debug("Unexpected answer from the command supervisor: {}", line);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("The command supervisor's answers ended: {}", e.getMessage());
        }
    }

    private void stopShell() {
        if (requests != null) {
            try {
                requests.close();
            } catch (IOException e) {
                LOG.debug("Could not close the command supervisor's input: {}", e.getMessage());
            }
            requests = null;
        }
        shell = null;
    }

    /**
     * Ends the loop; commands still running keep running under their subshells, which still journal their status.
     */
    @Override
    public synchronized void close() {
        closed = true;
        stopShell();
        for (Path pipe : freePipes) {
            pipe.toFile().delete();
        }
        freePipes.clear();
        if (pipesDir != null) {
            // Left in place while a running command still writes to a pipe in it; the system's temp cleaning ends it.
            pipesDir.toFile().delete();
        }
    }

    /** One word for the shell: in single quotes, each quote written as '\''. */
    static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    private static final class Pending {
        final long id;
        final CompletableFuture<Long> pid = new CompletableFuture<>();
        final CompletableFuture<Boolean> opened = new CompletableFuture<>();
        final CompletableFuture<Integer> exit = new CompletableFuture<>();

        Pending(long id) {
            this.id = id;
        }
    }
}
