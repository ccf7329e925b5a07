package io.weir.extract.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ValueTextTest {
    @Test
    void wholeNumbersReadToTheEdgesOfSixtyFourBitsAndNoFurther() {
        for (long value : new long[] {
            0,
            7,
            -7,
            255,
            -8388608,
            9000000000L,
            Long.MAX_VALUE,
            Long.MIN_VALUE,
            Long.MAX_VALUE / 10,
            999_999_999_999_999_999L,
            1_000_000_000_000_000_000L
        }) {
            assertThat(whole(Long.toString(value))).isEqualTo(value);
        }
        assertThat(whole("+42")).isEqualTo(42);
        // -2^63 reads as the mark of text that is no number, which it is told from by its text.
        assertThat(isLongMin("-9223372036854775808")).isTrue();
        assertThat(isLongMin("-0009223372036854775808")).isTrue();
        assertThat(isLongMin("9223372036854775808")).isFalse();
        assertThat(isLongMin("abc")).isFalse();
        assertThat(whole("00000000000000000042")).isEqualTo(42); // bigint(20) zerofill
        assertThat(whole("-0")).isZero();
        for (String bad : new String[] {
            "",
            "-",
            "+",
            "1.5",
            "1e3",
            "12a",
            " 1",
            "9223372036854775808",
            "-9223372036854775809",
            "18446744073709551615",
            "99999999999999999999"
        }) {
            assertThat(whole(bad)).as(bad).isEqualTo(ValueText.NOT_A_NUMBER);
        }
    }

    @Test
    void decimalsReadAsTheirUnscaledNumberRoundingHalfAwayFromZeroAsDuckDbCastsText() {
        assertThat(unscaled("123456789.125", 3, 12)).isEqualTo(123456789125L);
        assertThat(unscaled("-571.37", 2, 12)).isEqualTo(-57137);
        assertThat(unscaled("571.3", 2, 12)).isEqualTo(57130);
        assertThat(unscaled("571", 2, 12)).isEqualTo(57100);
        assertThat(unscaled(".5", 1, 3)).isEqualTo(5);
        assertThat(unscaled("0.0000", 4, 18)).isZero();
        assertThat(unscaled("999999999999999999", 0, 18)).isEqualTo(999_999_999_999_999_999L);
        assertThat(unscaled("1.005", 2, 12)).isEqualTo(101);
        assertThat(unscaled("-1.005", 2, 12)).isEqualTo(-101);
        assertThat(unscaled("1.00499", 2, 12)).isEqualTo(100);
        assertThat(unscaled("9.995", 2, 3)).isEqualTo(ValueText.NOT_A_NUMBER); // rounds to 10.00: four digits
        for (String bad :
                new String[] {"", "-", ".", "1..2", "1.2.3", "abc", "1e5", "12345678901.00", "1000000000000000000"}) {
            assertThat(unscaled(bad, 2, 12)).as(bad).isEqualTo(ValueText.NOT_A_NUMBER);
        }
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            int scale = random.nextInt(7);
            BigDecimal value = BigDecimal.valueOf(random.nextLong() % 1_000_000_000_000L, random.nextInt(9));
            long expected =
                    value.setScale(scale, RoundingMode.HALF_UP).unscaledValue().longValueExact();
            assertThat(unscaled(value.toPlainString(), scale, 18))
                    .as("%s at scale %d", value, scale)
                    .isEqualTo(expected);
        }
    }

    @Test
    void datesAndTimestampsReadAsTheDaysAndMicrosecondsDuckDbStores() {
        assertThat(micros("1970-01-01")).isZero();
        assertThat(micros("2024-02-29 23:59:59.123456"))
                .isEqualTo(
                        LocalDateTime.of(2024, 2, 29, 23, 59, 59).toEpochSecond(ZoneOffset.UTC) * 1_000_000 + 123_456);
        assertThat(micros("2024-05-01 06:00:00.1")).isEqualTo(micros("2024-05-01 06:00:00") + 100_000);
        assertThat(micros("0000-01-01")).isEqualTo(LocalDate.of(0, 1, 1).toEpochDay() * 86_400_000_000L);
        assertThat(micros("9999-12-31 23:59:59"))
                .isEqualTo(LocalDateTime.of(9999, 12, 31, 23, 59, 59).toEpochSecond(ZoneOffset.UTC) * 1_000_000);
        for (String bad : new String[] {
            "2023-02-29",
            "2024-04-31",
            "2024-13-01",
            "2024-00-10",
            "2024-05-00",
            "2024-05-01 24:00:00",
            "2024-05-01 12:60:00",
            "2024-05-01 12:00:60",
            "2024-05-01 12:00:00.",
            "2024-05-01 12:00:00.1234567",
            "2024-05-01T12:00:00",
            "24-05-01",
            "2024/05/01",
            "2024-05-01 12:00"
        }) {
            assertThat(micros(bad)).as(bad).isEqualTo(ValueText.NOT_A_NUMBER);
        }
        Random random = new Random(11);
        for (int i = 0; i < 10_000; i++) {
            LocalDate day = LocalDate.ofEpochDay(random.nextInt(3_652_059) - 719_528);
            assertThat(ValueText.epochDay(day.getYear(), day.getMonthValue(), day.getDayOfMonth()))
                    .as("%s", day)
                    .isEqualTo(day.toEpochDay());
        }
    }

    private static long whole(String text) {
        byte[] bytes = ("xy" + text + "z").getBytes(StandardCharsets.US_ASCII);
        return ValueText.wholeNumber(bytes, 2, bytes.length - 1);
    }

    private static boolean isLongMin(String text) {
        byte[] bytes = ("xy" + text + "z").getBytes(StandardCharsets.US_ASCII);
        return ValueText.isLongMin(bytes, 2, bytes.length - 1);
    }

    private static long unscaled(String text, int scale, int precision) {
        byte[] bytes = ("xy" + text + "z").getBytes(StandardCharsets.US_ASCII);
        return ValueText.unscaled(bytes, 2, bytes.length - 1, scale, precision);
    }

    private static long micros(String text) {
        byte[] bytes = ("xy" + text + "z").getBytes(StandardCharsets.US_ASCII);
        return ValueText.micros(bytes, 2, bytes.length - 1);
    }
}
