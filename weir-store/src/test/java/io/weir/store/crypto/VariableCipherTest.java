package io.weir.store.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.core.ErrorCode;
import io.weir.core.WeirException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VariableCipherTest {
    private static final byte[] RAW_KEY = new byte[32];

    static {
        Arrays.fill(RAW_KEY, (byte) 7);
    }

    @TempDir
    Path dir;

    @Test
    void storesV1Base64OfIvAndCiphertextWithAFreshIvEachTime() throws Exception {
        VariableCipher cipher =
                VariableCipher.create(Base64.getEncoder().encodeToString(RAW_KEY), dir.resolve("unused"));
        String first = cipher.encrypt("token", "s3cret");
        String second = cipher.encrypt("token", "s3cret");

        assertThat(first).startsWith("v1:").doesNotContain("s3cret").isNotEqualTo(second);
        byte[] stored = Base64.getDecoder().decode(first.substring(3));
        assertThat(stored).hasSize(12 + "s3cret".length() + 16);
        assertThat(decryptByHand(RAW_KEY, "token", stored)).isEqualTo("s3cret");
        assertThat(cipher.decrypt("token", first)).isEqualTo("s3cret");
        assertThat(cipher.decrypt("token", second)).isEqualTo("s3cret");
        assertThat(dir.resolve("unused")).doesNotExist();
    }

    @Test
    void aPassphraseIsHashedIntoTheKey() throws Exception {
        VariableCipher cipher = VariableCipher.create("correct horse battery staple", dir.resolve("unused"));
        byte[] stored = Base64.getDecoder().decode(cipher.encrypt("k", "value").substring(3));
        byte[] key = MessageDigest.getInstance("SHA-256").digest("correct horse battery staple".getBytes(UTF_8));
        assertThat(decryptByHand(key, "k", stored)).isEqualTo("value");
    }

    @Test
    void generatesAnOwnerOnlyKeyFileOnFirstUseAndReusesIt() throws Exception {
        Path keyFile = dir.resolve("weir/secret.key");
        VariableCipher cipher = VariableCipher.create(null, keyFile);
        assertThat(keyFile).doesNotExist();

        String stored = cipher.encrypt("k", "value");

        assertThat(keyFile).exists();
        assertThat(Files.getPosixFilePermissions(keyFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Base64.getDecoder().decode(Files.readString(keyFile).strip()))
                .hasSize(32);
        assertThat(VariableCipher.create(null, keyFile).decrypt("k", stored)).isEqualTo("value");
        try (var files = Files.list(keyFile.getParent())) {
            assertThat(files).containsExactly(keyFile);
        }
    }

    @Test
    void aDifferentKeyIsReportedWithTheVariableName() {
        String stored =
                VariableCipher.create("first key", dir.resolve("unused")).encrypt("api_token", "s3cret");
        VariableCipher other = VariableCipher.create("second key", dir.resolve("unused"));
        assertThatThrownBy(() -> other.decrypt("api_token", stored))
                .isInstanceOf(WeirException.class)
                .hasMessage("Variable 'api_token' cannot be decrypted: the key in WEIR_SECRET_KEY differs from the key"
                        + " it was stored with; restore that key or set the variable again.")
                .extracting(error -> ((WeirException) error).code())
                .isEqualTo(ErrorCode.CONFIGURATION);
    }

    @Test
    void aValueCopiedToAnotherVariableDoesNotDecrypt() {
        VariableCipher cipher = VariableCipher.create("key", dir.resolve("unused"));
        String stored = cipher.encrypt("db_password", "s3cret");
        assertThatThrownBy(() -> cipher.decrypt("public_note", stored)).isInstanceOf(WeirException.class);
    }

    @Test
    void aDamagedKeyFileOrValueIsNamed() throws Exception {
        Path keyFile = dir.resolve("secret.key");
        Files.writeString(keyFile, "not a key");
        assertThatThrownBy(() -> VariableCipher.create(null, keyFile).encrypt("k", "v"))
                .isInstanceOf(WeirException.class)
                .hasMessageContaining(keyFile.toString());

        VariableCipher cipher = VariableCipher.create("key", dir.resolve("unused"));
        assertThatThrownBy(() -> cipher.decrypt("k", "v1:AAAA"))
                .isInstanceOf(WeirException.class)
                .hasMessageContaining("Variable 'k' holds a damaged encrypted value");
    }

    @Test
    void aValueWrittenByHandIsReadAsItIs() {
        assertThat(VariableCipher.create("key", dir.resolve("unused")).decrypt("k", "plain"))
                .isEqualTo("plain");
    }

    private static String decryptByHand(byte[] key, String variableKey, byte[] stored) throws Exception {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(
                Cipher.DECRYPT_MODE,
                new SecretKeySpec(key, "AES"),
                new GCMParameterSpec(128, Arrays.copyOf(stored, 12)));
        cipher.updateAAD(variableKey.getBytes(UTF_8));
        return new String(cipher.doFinal(stored, 12, stored.length - 12), UTF_8);
    }
}
