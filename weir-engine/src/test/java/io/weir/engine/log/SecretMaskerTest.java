package io.weir.engine.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretMaskerTest {
    @Test
    void keysThatNameASecretLookSecretWhateverTheirCase() {
        for (String key : List.of(
                "db_password", "DB_PASSWD", "client_secret", "Authorization", "access_token", "ssh_key", "API_URL")) {
            assertThat(SecretMasker.looksSecret(key)).as(key).isTrue();
        }
        for (String key : List.of("region", "record_count", "warehouse")) {
            assertThat(SecretMasker.looksSecret(key)).as(key).isFalse();
        }
    }

    @Test
    void masksEveryOccurrenceOfEverySecret() {
        SecretMasker masker = new SecretMasker(List.of("hunter2", "tok-123"));

        assertThat(masker.mask("user=bob pass=hunter2 token=tok-123 again hunter2"))
                .isEqualTo("user=bob pass=*** token=*** again ***");
    }

    @Test
    void masksTheLongerSecretWhole() {
        SecretMasker masker = new SecretMasker(List.of("abc", "abcdef"));

        assertThat(masker.mask("x abcdef y abc")).isEqualTo("x *** y ***");
    }

    @Test
    void leavesTriviallyShortValuesAlone() {
        SecretMasker masker = new SecretMasker(List.of("1", "on", ""));

        assertThat(masker.isEmpty()).isTrue();
        assertThat(masker.mask("run 1 is on")).isEqualTo("run 1 is on");
    }

    @Test
    void masksEachLineOfAMultiLineSecret() {
        SecretMasker masker = new SecretMasker(List.of("-----BEGIN KEY-----\nMIIEpAIBAAKCAQEA\n-----END KEY-----\n"));

        assertThat(masker.mask("key line MIIEpAIBAAKCAQEA")).isEqualTo("key line ***");
    }

    @Test
    void masksBytesWithoutDecodingThem() {
        SecretMasker masker = new SecretMasker(List.of("pässwört"));
        byte[] output = "a pässwört b\n".getBytes(StandardCharsets.UTF_8);

        assertThat(new String(masker.mask(output, output.length), StandardCharsets.UTF_8))
                .isEqualTo("a *** b\n");
    }

    @Test
    void safeCutNeverSplitsASecret() {
        SecretMasker masker = new SecretMasker(List.of("hunter2"));
        byte[] text = "xx hunter2 yy".getBytes(StandardCharsets.US_ASCII);

        assertThat(masker.safeCut(text, text.length, 6)).isEqualTo(3);
        assertThat(masker.safeCut(text, text.length, 3)).isEqualTo(3);
        assertThat(masker.safeCut(text, text.length, 11)).isEqualTo(11);
    }
}
