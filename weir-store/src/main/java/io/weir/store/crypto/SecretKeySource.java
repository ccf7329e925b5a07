package io.weir.store.crypto;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import io.weir.core.ErrorCode;
import io.weir.core.WeirException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Where the variable key comes from: WEIR_SECRET_KEY, or a key file generated on first use, readable by its owner only. */
final class SecretKeySource {
    private static final Logger LOG = LoggerFactory.getLogger(SecretKeySource.class);
    private static final int KEY_BYTES = 32;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final String secretKey;
    private final Path keyFile;

    SecretKeySource(String secretKey, Path keyFile) {
        this.secretKey = secretKey;
        this.keyFile = keyFile;
    }

    String describe() {
        return secretKey != null ? "the key in WEIR_SECRET_KEY" : "the key in " + keyFile;
    }

    SecretKey load() {
        byte[] bytes = secretKey != null ? fromText(secretKey) : fromFile();
        return new SecretKeySpec(bytes, "AES");
    }

    /** Base64 of 32 bytes is the key itself; any other text (a passphrase) is hashed into one. */
    static byte[] fromText(String text) {
        byte[] decoded = decodeKey(text.strip());
        if (decoded != null) {
            return decoded;
        }
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this Java runtime", e);
        }
    }

    private byte[] fromFile() {
        try {
            if (!Files.exists(keyFile)) {
                generate();
            }
            byte[] key = decodeKey(Files.readString(keyFile, US_ASCII).strip());
            if (key == null) {
                throw new WeirException(
                        ErrorCode.CONFIGURATION,
                        "The key file " + keyFile + " does not hold a base64 key of 32 bytes; restore it from a"
                                + " backup (variables stored with the old key cannot be read without it).");
            }
            warnIfShared();
            return key;
        } catch (IOException e) {
            throw new WeirException(
                    ErrorCode.CONFIGURATION,
                    "Cannot read or create the variable key file " + keyFile + " (" + e + "); make its folder"
                            + " writable or set WEIR_SECRET_KEY.",
                    e);
        }
    }

    /** Writes a fresh key beside the target, then links it into place, so two processes never keep different keys. */
    private void generate() throws IOException {
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        Path folder = keyFile.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        boolean posix = folder.getFileSystem().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
        Path temporary = Files.createTempFile(folder, ".secret-", ".tmp", attributes);
        try {
            Files.writeString(temporary, Base64.getEncoder().encodeToString(key) + "\n", US_ASCII);
            try {
                Files.createLink(keyFile, temporary);
            } catch (FileAlreadyExistsException e) {
                throw e;
            } catch (UnsupportedOperationException | FileSystemException e) {
                // No hard links on this file system; a plain move still refuses to replace an existing key.
                Files.move(temporary, keyFile);
            }
            LOG.info("Generated the variable encryption key {}", keyFile);
        } catch (FileAlreadyExistsException e) {
            LOG.debug("Another process generated {} first", keyFile);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private void warnIfShared() throws IOException {
        if (keyFile.getFileSystem().supportedFileAttributeViews().contains("posix")
                && !Files.getPosixFilePermissions(keyFile).equals(OWNER_ONLY)) {
            LOG.warn("The variable key file {} is readable by others; run chmod 600 on it", keyFile);
        }
    }

    private static byte[] decodeKey(String text) {
        try {
            byte[] decoded = Base64.getDecoder().decode(text);
            return decoded.length == KEY_BYTES ? decoded : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
