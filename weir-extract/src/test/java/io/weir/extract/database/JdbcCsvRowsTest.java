package io.weir.extract.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JdbcCsvRowsTest {
    @Test
    void textNeedsQuotesWhereverItHoldsACommaAQuoteOrALineBreak() {
        String plain = "order note 0123456789abcdef 東京 🎉";
        assertThat(needsQuotes(plain)).isFalse();
        assertThat(needsQuotes("")).isFalse();
        for (char special : new char[] {',', '"', '\n', '\r'}) {
            // at every position: in the words read eight bytes at a time and in the bytes after them
            for (int at = 0; at <= plain.length(); at++) {
                String text = plain.substring(0, at) + special + plain.substring(at);
                assertThat(needsQuotes(text)).as("%s", text).isTrue();
            }
        }
    }

    @Test
    void bytesNextToTheSpecialOnesDoNotNeedQuotes() {
        // each differs from a comma, a quote, a line feed or a carriage return by one bit or by one
        assertThat(needsQuotes("+-#!\u000b\u000c\t\u000e./ABCDEFGH")).isFalse();
    }

    private static boolean needsQuotes(String text) {
        byte[] bytes = ("xy" + text).getBytes(StandardCharsets.UTF_8);
        return JdbcCsvRows.needsQuotes(bytes, 2, bytes.length);
    }
}
