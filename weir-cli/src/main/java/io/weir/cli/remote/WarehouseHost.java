package io.weir.cli.remote;

import io.weir.cli.Main;
import io.weir.core.ErrorCode;
import io.weir.core.WeirException;
import io.weir.warehouse.Warehouse;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * The long-running process's side: holds the project's embedded warehouse open for its whole life, so that its tasks
 * and the commands it runs for others share one DuckDB database, and runs those commands as they arrive on
 * 127.0.0.1, each with its caller's arguments, environment and working folder, streaming stdout, stderr and the exit
 * status back. A caller that hangs up (Ctrl-C) has its command interrupted.
 */
public final class WarehouseHost implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WarehouseHost.class);
    /** What the command on this thread does when its caller hangs up; unset outside a caller's command. */
    private static final ThreadLocal<HangUp> HANG_UP = new ThreadLocal<>();

    private final Path weirDir;
    private final Warehouse warehouse;
    private final ServerSocket socket;
    private final HostFile file;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();

    private WarehouseHost(Path weirDir, Warehouse warehouse, ServerSocket socket, HostFile file) {
        this.weirDir = weirDir;
        this.warehouse = warehouse;
        this.socket = socket;
        this.file = file;
    }

    /**
     * Takes {@code warehouse} (open, DuckDB) into this process's keeping until {@link #close()}, and starts taking
     * commands for it, advertised in {@code weirDir/warehouse.server}.
     */
    public static WarehouseHost start(Path weirDir, Warehouse warehouse) {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        ServerSocket socket;
        try {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new WeirException(
                    ErrorCode.CONFIGURATION,
                    "Cannot take warehouse commands on 127.0.0.1: " + e.getMessage()
                            + "; check that this host allows local TCP connections.",
                    e);
        }
        HostFile file = new HostFile(
                ProcessHandle.current().pid(),
                socket.getLocalPort(),
                HexFormat.of().formatHex(secret));
        try {
            file.write(weirDir);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new WeirException(
                    ErrorCode.CONFIGURATION,
                    "Cannot write " + HostFile.path(weirDir) + ": " + e.getMessage()
                            + "; check the folder's permissions.",
                    e);
        }
        WarehouseHost host = new WarehouseHost(weirDir, warehouse, socket, file);
        Thread acceptor = new Thread(host::accept, "weir-warehouse-host");
        acceptor.setDaemon(true);
        acceptor.start();
        return host;
    }

    /** The 127.0.0.1 port where commands arrive. */
    public int port() {
        return socket.getLocalPort();
    }

    /** How many callers' commands are running now. */
    int commandsRunning() {
        return connections.size();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket connection = socket.accept();
                Thread worker = new Thread(() -> serve(connection), "weir-warehouse-command");
                worker.setDaemon(true);
                worker.start();
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    LOG.warn("A warehouse command could not be taken: {}", e.getMessage());
                }
            }
        }
    }

    private void serve(Socket connection) {
        connections.add(connection);
        try (connection) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(connection.getInputStream()));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(connection.getOutputStream()));
            CommandRequest request;
            try {
                // The token comes first: nothing else of a caller without it is read.
                String token = Frames.readString(in);
                if (!MessageDigest.isEqual(
                        token.getBytes(StandardCharsets.UTF_8), file.token().getBytes(StandardCharsets.UTF_8))) {
                    refuse(out, "its token does not match " + HostFile.path(weirDir));
                    return;
                }
                request = CommandRequest.read(token, in);
            } catch (IOException e) {
                refuse(out, "the request could not be read (" + e.getMessage() + ")");
                return;
            }
            HangUp hangUp = new HangUp(Thread.currentThread());
            PipedInputStream input = new PipedInputStream(Frames.MAX_STRING);
            PipedOutputStream toInput = new PipedOutputStream(input);
            Thread watcher = new Thread(() -> hangUp.await(in, toInput), "weir-warehouse-input");
            watcher.setDaemon(true);
            watcher.start();
            HANG_UP.set(hangUp);
            int exitCode;
            try {
                exitCode = run(request, input, out);
            } finally {
                HANG_UP.remove();
                hangUp.finished();
                // Unblocks the watcher if it waits to pass on input the command never read.
                input.close();
            }
            Frames.writeFrame(
                    out, Frames.EXIT, ByteBuffer.allocate(4).putInt(exitCode).array(), 0, 4);
        } catch (IOException e) {
            // The caller hung up; its command was cancelled and ended.
        } finally {
            connections.remove(connection);
            Thread.interrupted();
        }
    }

    private static int run(CommandRequest request, InputStream input, DataOutputStream out) {
        Main main = new Main(request.environment(), input, request.workingDir());
        CommandLine commandLine = Main.commandLine(main);
        // Runs the command here: this process owns the warehouse.
        commandLine.setExecutionStrategy(new CommandLine.RunLast());
        PrintWriter stdout =
                new PrintWriter(new OutputStreamWriter(Frames.stream(out, Frames.OUT), StandardCharsets.UTF_8), true);
        PrintWriter stderr =
                new PrintWriter(new OutputStreamWriter(Frames.stream(out, Frames.ERR), StandardCharsets.UTF_8), true);
        commandLine.setOut(stdout);
        commandLine.setErr(stderr);
        try {
            return commandLine.execute(request.args().toArray(String[]::new));
        } finally {
            stdout.flush();
            stderr.flush();
        }
    }

    /**
     * When the command on this thread runs for a caller in another process: {@code cancel} runs if that caller hangs
     * up (its Ctrl-C), and true is returned. False when the command runs for this process's own user, who cancels
     * it with this process's Ctrl-C.
     */
    public static boolean onHangUp(Runnable cancel) {
        HangUp hangUp = HANG_UP.get();
        if (hangUp == null) {
            return false;
        }
        hangUp.add(cancel);
        return true;
    }

    private static void refuse(DataOutputStream out, String reason) throws IOException {
        byte[] message = reason.getBytes(StandardCharsets.UTF_8);
        Frames.writeFrame(out, Frames.REFUSED, message, 0, message.length);
    }

    /** Stops advertising first, then taking commands; commands still running are cut off; then lets the file go. */
    @Override
    public void close() {
        file.remove(weirDir);
        closeQuietly(socket);
        for (Socket connection : List.copyOf(connections)) {
            try {
                connection.close();
            } catch (IOException e) {
                // Closing anyway.
            }
        }
        warehouse.close();
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing anyway.
        }
    }
}
