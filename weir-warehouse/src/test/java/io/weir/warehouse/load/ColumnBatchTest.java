package io.weir.warehouse.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ColumnBatchTest {
    @Test
    void wellFormedUtf8IsTextAndEveryMalformedSequenceIsNot() {
        assertThat(utf8("")).isTrue();
        assertThat(utf8("order note 0123456789abcdef")).isTrue();
        assertThat(utf8("Zoë, 東京 and 🎉 after a long run of plain ascii text")).isTrue();
        byte[][] malformed = {
            {(byte) 0x80}, // a continuation byte alone
            {(byte) 0xc0, (byte) 0x80}, // an overlong NUL
            {(byte) 0xc1, (byte) 0xbf}, // overlong
            {(byte) 0xe0, (byte) 0x80, (byte) 0x80}, // overlong
            {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, // a surrogate
            {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // past U+10FFFF
            {(byte) 0xf5, (byte) 0x80, (byte) 0x80, (byte) 0x80},
            {(byte) 0xff},
            {(byte) 0xe6, (byte) 0x9d}, // cut off
            {(byte) 0xc3, (byte) 0x41}, // a lead byte without its continuation
        };
        for (byte[] bad : malformed) {
            // alone, and at every place in a longer text, in the words read eight bytes at a time and after them
            assertThat(ColumnBatch.isUtf8(bad, 0, bad.length)).isFalse();
            for (int at = 0; at <= 17; at++) {
                byte[] text = new byte[20 + bad.length];
                java.util.Arrays.fill(text, (byte) 'a');
                System.arraycopy(bad, 0, text, at, bad.length);
                assertThat(ColumnBatch.isUtf8(text, 0, text.length))
                        .as("at %d", at)
                        .isFalse();
            }
        }
    }

    @Test
    void isUtf8AgreesWithJavasDecoderOnRandomBytes() {
        Random random = new Random(3);
        for (int i = 0; i < 50_000; i++) {
            byte[] bytes = new byte[random.nextInt(24)];
            for (int k = 0; k < bytes.length; k++) {
                // mostly ascii, some bytes of every kind
                bytes[k] = (byte) (random.nextInt(4) == 0 ? random.nextInt(256) : 'a' + random.nextInt(26));
            }
            assertThat(ColumnBatch.isUtf8(bytes, 0, bytes.length))
                    .as("%s", java.util.HexFormat.of().formatHex(bytes))
                    .isEqualTo(decodes(bytes));
        }
    }

    private static boolean utf8(String text) {
        byte[] bytes = ("xy" + text + "z").getBytes(StandardCharsets.UTF_8);
        return ColumnBatch.isUtf8(bytes, 2, bytes.length - 1);
    }

    private static boolean decodes(byte[] bytes) {
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
