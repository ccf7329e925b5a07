package io.weir.store.jdbi;

import static java.util.Objects.requireNonNull;

import io.weir.core.ErrorCode;
import io.weir.core.WeirException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import org.h2.tools.Server;

/**
 * A long-running process serving its embedded H2 file to the project's other processes: an H2 TCP server on
 * 127.0.0.1 whose port and secret key are kept in {@code <file>.server}, readable by the owner only. The file is
 * locked with the operating system's lock (FILE_LOCK=FS), which a killed process releases at once, so a stale
 * {@code .server} file only ever names a port that refuses or a key that does not match.
 */
public final class H2Host implements AutoCloseable {
    private final Path serverFile;
    private final String contents;
    private final Server server;

    private H2Host(Path serverFile, String contents, Server server) {
        this.serverFile = serverFile;
        this.contents = contents;
        this.server = server;
    }

    /** The TCP URL of the process serving {@code file}, or null when none advertises itself. */
    public static String servingUrl(Path file) {
        Path serverFile = serverFile(file);
        try {
            List<String> fields = List.of(
                    Files.readString(serverFile, StandardCharsets.UTF_8).strip().split(" "));
            if (fields.size() != 2) {
                return null;
            }
            return "jdbc:h2:tcp://127.0.0.1:" + Integer.parseInt(fields.get(0)) + "/" + fields.get(1);
        } catch (IOException | NumberFormatException e) {
            // No process serves the file (or one is writing it this instant): the caller opens the file itself.
            return null;
        }
    }

    /** Starts serving {@code file}, which this process has open, and advertises the server in its .server file. */
    public static H2Host start(Path file) {
        requireNonNull(file, "file is null");
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        String key = HexFormat.of().formatHex(secret);
        Server server;
        try {
            server = Server.createTcpServer("-tcpPort", "0", "-tcpDaemon", "-key", key, "file:" + file)
                    .start();
        } catch (SQLException e) {
            throw new WeirException(
                    ErrorCode.METADATA_DB,
                    "Cannot serve the metadata database " + file + " to other Weir commands on 127.0.0.1: "
                            + e.getMessage() + "; check that this host allows local TCP connections.",
                    e);
        }
        Path serverFile = serverFile(file);
        String contents = server.getPort() + " " + key + "\n";
        try {
            write(serverFile, contents);
        } catch (IOException e) {
            server.stop();
            throw new WeirException(
                    ErrorCode.METADATA_DB,
                    "Cannot write " + serverFile + ": " + e.getMessage() + "; check the folder's permissions.",
                    e);
        }
        return new H2Host(serverFile, contents, server);
    }

    /** Stops advertising first, then serving, so a command that comes now opens the file once this process lets go. */
    @Override
    public void close() {
        try {
            if (contents.equals(Files.readString(serverFile, StandardCharsets.UTF_8))) {
                Files.deleteIfExists(serverFile);
            }
        } catch (IOException e) {
            // Already gone, or another process serves the file now: either way not ours to remove.
        } finally {
            server.stop();
        }
    }

    private static Path serverFile(Path file) {
        return file.resolveSibling(file.getFileName() + ".server");
    }

    private static void write(Path serverFile, String contents) throws IOException {
        Path temporary = serverFile.resolveSibling(serverFile.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(
                    temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(temporary, contents, StandardCharsets.UTF_8);
        try {
            Files.move(temporary, serverFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, serverFile, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
