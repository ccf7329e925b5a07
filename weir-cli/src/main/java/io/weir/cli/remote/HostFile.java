package io.weir.cli.remote;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

/**
 * What {@code .weir/warehouse.server} says: the process that owns the project's warehouse, the 127.0.0.1 port where
 * it takes commands, and the token they must bring. Readable by the owner only.
 *
 * @param pid the owning process
 * @param port its port on 127.0.0.1
 * @param token the secret a command presents
 */
public record HostFile(long pid, int port, String token) {
    static final String NAME = "warehouse.server";

    /** The file of the project whose {@code .weir} folder is {@code weirDir}. */
    public static Path path(Path weirDir) {
        return weirDir.resolve(NAME);
    }

    /** What the file says while its process is alive; empty when there is no file or its process has gone. */
    public static Optional<HostFile> readLive(Path weirDir) {
        try {
            List<String> fields = List.of(Files.readString(path(weirDir), StandardCharsets.UTF_8)
                    .strip()
                    .split(" "));
            if (fields.size() != 3) {
                return Optional.empty();
            }
            HostFile file = new HostFile(Long.parseLong(fields.get(0)), Integer.parseInt(fields.get(1)), fields.get(2));
            // A killed process leaves its file behind: it names a process that is no more.
            boolean alive =
                    ProcessHandle.of(file.pid()).map(ProcessHandle::isAlive).orElse(false);
            return alive ? Optional.of(file) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            // No process owns the warehouse (or one is writing the file this instant): the command runs here.
            return Optional.empty();
        }
    }

    String contents() {
        return pid + " " + port + " " + token + "\n";
    }

    /** Writes the file owner-only, replacing it in one step so no reader sees half of it. */
    void write(Path weirDir) throws IOException {
        Path file = path(weirDir);
        Path temporary = file.resolveSibling(NAME + ".tmp");
        Files.deleteIfExists(temporary);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(
                    temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(temporary, contents(), StandardCharsets.UTF_8);
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Removes the file if it still says what this process wrote (another process may own the warehouse now). */
    void remove(Path weirDir) {
        Path file = path(weirDir);
        try {
            if (contents().equals(Files.readString(file, StandardCharsets.UTF_8))) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // Already gone: nothing to remove.
        }
    }
}
