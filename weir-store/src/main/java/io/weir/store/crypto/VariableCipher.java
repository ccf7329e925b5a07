package io.weir.store.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.weir.core.ErrorCode;
import io.weir.core.WeirException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encrypts variable values at rest with AES-256-GCM: a random 12-byte IV per value, the variable's key as associated
 * data (a value copied onto another variable does not decrypt), stored as {@code "v1:" + base64(iv || ciphertext+tag)}.
 * Thread-safe; the key is resolved on first use, so opening a store never creates a key file.
 */
public final class VariableCipher {
    private static final String PREFIX = "v1:";
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySource keySource;
    private volatile SecretKey key;

    private VariableCipher(SecretKeySource keySource) {
        this.keySource = keySource;
    }

    /** A cipher keyed by {@code secretKey} (WEIR_SECRET_KEY) when not null, else by {@code keyFile}. */
    public static VariableCipher create(String secretKey, Path keyFile) {
        return new VariableCipher(new SecretKeySource(secretKey, requireNonNull(keyFile, "keyFile is null")));
    }

    /** Whether a stored value is in this cipher's format (a value written by hand may not be). */
    public static boolean isEncrypted(String stored) {
        return stored.startsWith(PREFIX);
    }

    public String encrypt(String variableKey, String plainText) {
        requireNonNull(variableKey, "variableKey is null");
        requireNonNull(plainText, "plainText is null");
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, iv, variableKey);
            byte[] sealed = cipher.doFinal(plainText.getBytes(UTF_8));
            byte[] stored = ByteBuffer.allocate(iv.length + sealed.length)
                    .put(iv)
                    .put(sealed)
                    .array();
            return PREFIX + Base64.getEncoder().encodeToString(stored);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this Java runtime", e);
        }
    }

    /** Decrypts a stored value; a value not in the {@code v1:} format is returned as it is. */
    public String decrypt(String variableKey, String stored) {
        requireNonNull(variableKey, "variableKey is null");
        requireNonNull(stored, "stored is null");
        if (!isEncrypted(stored)) {
            return stored;
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw damaged(variableKey);
        }
        if (bytes.length < IV_BYTES + TAG_BITS / 8) {
            throw damaged(variableKey);
        }
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, Arrays.copyOf(bytes, IV_BYTES), variableKey);
            return new String(cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES), UTF_8);
        } catch (AEADBadTagException e) {
            throw new WeirException(
                    ErrorCode.CONFIGURATION,
                    "Variable '" + variableKey + "' cannot be decrypted: " + keySource.describe()
                            + " differs from the key it was stored with; restore that key or set the variable again.",
                    e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this Java runtime", e);
        }
    }

    private Cipher cipher(int mode, byte[] iv, String variableKey) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(TRANSFORMATION);
        cipher.init(mode, key(), new GCMParameterSpec(TAG_BITS, iv));
        cipher.updateAAD(variableKey.getBytes(UTF_8));
        return cipher;
    }

    private SecretKey key() {
        SecretKey current = key;
        if (current == null) {
            synchronized (this) {
                current = key;
                if (current == null) {
                    current = keySource.load();
                    key = current;
                }
            }
        }
        return current;
    }

    private static WeirException damaged(String variableKey) {
        return new WeirException(
                ErrorCode.METADATA_DB,
                "Variable '" + variableKey + "' holds a damaged encrypted value; set the variable again.");
    }
}
