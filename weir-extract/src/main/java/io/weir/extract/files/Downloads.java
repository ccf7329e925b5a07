package io.weir.extract.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Copies a remote file to a temporary file, stopping at {@code max_bytes}, with its SHA-256 on the way. */
final class Downloads {
    private static final int BUFFER = 1 << 16;

    private Downloads() {}

    record Downloaded(Path path, long size, String checksum) {}

    static Downloaded copy(String file, InputStream in, long maxBytes, Path tempDir) throws IOException {
        MessageDigest digest = sha256();
        Path target = Files.createTempFile(tempDir, "download-", ".part");
        long size = 0;
        try (OutputStream out = Files.newOutputStream(target)) {
            byte[] buffer = new byte[BUFFER];
            for (int read; (read = in.read(buffer)) >= 0; ) {
                size += read;
                if (size > maxBytes) {
                    throw FileLoadException.badContent(
                            file,
                            0,
                            "it has more than max_bytes " + maxBytes + " bytes; raise max_bytes in the listing if"
                                    + " the file is meant to be this big");
                }
                digest.update(buffer, 0, read);
                out.write(buffer, 0, read);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(target);
            throw e;
        }
        return new Downloaded(target, size, HexFormat.of().formatHex(digest.digest()));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
