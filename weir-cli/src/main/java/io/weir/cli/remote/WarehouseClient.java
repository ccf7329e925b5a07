package io.weir.cli.remote;

import io.weir.cli.Main;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The command's side: a {@link WarehouseCommand} on a project whose warehouse a live process owns runs there, and
 * prints here what it prints there, ending with its exit status. With no such process it runs here as usual.
 */
public final class WarehouseClient {
    private static final int CONNECT_TIMEOUT_MILLIS = 2_000;

    private WarehouseClient() {}

    /**
     * Runs the parsed command in the process that owns the project's warehouse, if it is a warehouse command and
     * such a process is alive; its exit status, or empty to run it here.
     */
    public static Optional<Integer> forward(Main main, ParseResult parsed) {
        List<CommandLine> commands = parsed.asCommandLineList();
        ParseResult leaf = parsed;
        for (ParseResult level = parsed; level != null; level = level.subcommand()) {
            if (level.isUsageHelpRequested() || level.isVersionHelpRequested()) {
                return Optional.empty();
            }
            leaf = level;
        }
        if (!(leaf.commandSpec().userObject() instanceof WarehouseCommand)) {
            return Optional.empty();
        }
        Path projectDir = main.projectDir();
        Optional<HostFile> host = HostFile.readLive(projectDir.resolve(".weir"));
        if (host.isEmpty()) {
            return Optional.empty();
        }
        CommandLine top = commands.get(0);
        Map<String, String> environment = new HashMap<>(main.environment());
        // The owner opens the project this command chose, however it chose it.
        environment.put("WEIR_PROJECT", projectDir.toString());
        CommandRequest request =
                new CommandRequest(host.get().token(), main.workingDir(), parsed.originalArgs(), environment);
        return run(host.get(), request, main.input(), top.getOut(), top.getErr());
    }

    /** Sends standard input to the command as it comes (a confirmation's answer), then says that it ended. */
    private static void passOn(InputStream input, DataOutputStream toHost) {
        byte[] buffer = new byte[8192];
        try {
            for (int read = input.read(buffer); read >= 0; read = input.read(buffer)) {
                Frames.writeFrame(toHost, Frames.IN, buffer, 0, read);
            }
            Frames.writeFrame(toHost, Frames.IN_END, buffer, 0, 0);
        } catch (IOException e) {
            // The command has finished (or its process has gone): nobody reads any more input.
        }
    }

    /** Sends {@code request} to {@code host} and relays its answer; empty when the host no longer answers. */
    static Optional<Integer> run(
            HostFile host, CommandRequest request, InputStream input, PrintWriter out, PrintWriter err) {
        try (Socket socket = new Socket()) {
            try {
                socket.connect(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), host.port()), CONNECT_TIMEOUT_MILLIS);
            } catch (ConnectException e) {
                // The process named in the file is stopping (or its pid is now another program's): run here.
                return Optional.empty();
            }
            socket.setTcpNoDelay(true);
            DataOutputStream toHost = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
            DataInputStream fromHost = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            request.write(toHost);
            Thread stdin = new Thread(() -> passOn(input, toHost), "weir-warehouse-stdin");
            stdin.setDaemon(true);
            stdin.start();
            while (true) {
                byte kind = fromHost.readByte();
                byte[] bytes = Frames.readBytes(fromHost);
                switch (kind) {
                    case Frames.OUT -> {
                        out.print(new String(bytes, StandardCharsets.UTF_8));
                        out.flush();
                    }
                    case Frames.ERR -> {
                        err.print(new String(bytes, StandardCharsets.UTF_8));
                        err.flush();
                    }
                    case Frames.EXIT -> {
                        if (bytes.length != Integer.BYTES) {
                            throw new IOException("an exit status of " + bytes.length + " bytes");
                        }
                        return Optional.of(ByteBuffer.wrap(bytes).getInt());
                    }
                    case Frames.REFUSED -> {
                        err.println("error: the Weir process " + host.pid() + " that owns the warehouse refused this"
                                + " command: " + new String(bytes, StandardCharsets.UTF_8)
                                + "; restart that process if the file was changed by hand.");
                        err.flush();
                        return Optional.of(Main.EXIT_FAILURE);
                    }
                    default -> throw new IOException("an unknown frame " + kind);
                }
            }
        } catch (EOFException e) {
            err.println("error: the Weir process " + host.pid() + " that owns the warehouse stopped before the command"
                    + " finished; run it again.");
            err.flush();
            return Optional.of(Main.EXIT_FAILURE);
        } catch (IOException e) {
            err.println("error: cannot reach the Weir process " + host.pid() + " that owns the warehouse on 127.0.0.1:"
                    + host.port() + ": " + e.getMessage() + "; run the command again.");
            err.flush();
            return Optional.of(Main.EXIT_FAILURE);
        }
    }
}
