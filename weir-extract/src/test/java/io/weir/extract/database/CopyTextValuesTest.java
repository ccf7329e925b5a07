package io.weir.extract.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.extract.database.SourceColumn.Reading;
import io.weir.warehouse.load.LoadColumn;
import io.weir.warehouse.load.LoadType;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Values as PostgreSQL's COPY text format writes them, read as the JDBC driver reads the same values. */
class CopyTextValuesTest {
    private final CopyTextValues values = new CopyTextValues("table orders of extract/shop.yaml");

    @Test
    void numbersOfEveryWidthAndSign() {
        assertThat(read("-32768", Reading.SHORT)).isEqualTo((short) -32768);
        assertThat(read("2147483647", Reading.INT)).isEqualTo(2147483647);
        assertThat(read("-9223372036854775808", Reading.LONG)).isEqualTo(Long.MIN_VALUE);
        assertThat(read("9223372036854775807", Reading.LONG)).isEqualTo(Long.MAX_VALUE);
        assertThat(read("-12.50", Reading.DECIMAL)).isEqualTo(new BigDecimal("-12.50"));
        assertThat(read("0.000001", Reading.DECIMAL)).isEqualTo(new BigDecimal("0.000001"));
        assertThat(read("123456789012345678901234.5678", Reading.DECIMAL))
                .isEqualTo(new BigDecimal("123456789012345678901234.5678"));
        assertThat(read("Infinity", Reading.DOUBLE)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(read("NaN", Reading.FLOAT)).isEqualTo(Float.NaN);
        assertThat(read("1.5e-07", Reading.DOUBLE)).isEqualTo(1.5e-7);
    }

    @Test
    void datesAndTimesWithFractionsOffsetsEraAndInfinity() {
        assertThat(read("2024-02-29", Reading.DATE)).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(read("0044-03-15 BC", Reading.DATE)).isEqualTo(LocalDate.of(-43, 3, 15));
        assertThat(read("infinity", Reading.DATE)).isEqualTo(LocalDate.MAX);
        assertThat(read("-infinity", Reading.TIMESTAMP)).isEqualTo(LocalDateTime.MIN);
        assertThat(read("23:59:58.5", Reading.TIME)).isEqualTo(LocalTime.of(23, 59, 58, 500_000_000));
        assertThat(read("24:00:00", Reading.TIME)).isEqualTo(LocalTime.MAX);
        assertThat(read("2024-05-01 12:30:15.123456", Reading.TIMESTAMP))
                .isEqualTo(LocalDateTime.of(2024, 5, 1, 12, 30, 15, 123_456_000));
        assertThat(read("2024-05-01 12:00:00+00", Reading.TIMESTAMPTZ))
                .isEqualTo(OffsetDateTime.of(2024, 5, 1, 12, 0, 0, 0, ZoneOffset.UTC));
        assertThat(read("2024-05-01 12:00:00.25+05:30", Reading.TIMESTAMPTZ))
                .isEqualTo(OffsetDateTime.of(2024, 5, 1, 6, 30, 0, 250_000_000, ZoneOffset.UTC));
        assertThat(read("1900-01-01 00:00:00-00:01:15", Reading.TIMESTAMPTZ))
                .isEqualTo(OffsetDateTime.of(1900, 1, 1, 0, 1, 15, 0, ZoneOffset.UTC));
    }

    @Test
    void textAndBytesHaveTheirEscapesUndone() {
        assertThat(read("a\\tb\\\\c\\nd \\N", Reading.STRING)).isEqualTo("a\tb\\c\nd N");
        assertThat(read("\\101\\x42C", Reading.STRING)).isEqualTo("ABC");
        assertThat(read("東京 Zoë", Reading.STRING)).isEqualTo("東京 Zoë");
        assertThat(read("", Reading.STRING)).isEqualTo("");
        assertThat(read("\\N", Reading.STRING)).isNull();
        assertThat((byte[]) read("\\\\x5c0aff", Reading.BYTES)).containsExactly(0x5c, 0x0a, 0xff);
        assertThat((byte[]) read("a\\\\\\\\\\\\001", Reading.BYTES)).containsExactly('a', '\\', 1);
        assertThat(read("t", Reading.BOOLEAN)).isEqualTo(true);
    }

    @Test
    void aValueThatIsNoneOfItsTypeNamesColumnTableAndRow() {
        assertThatThrownBy(() -> values.read(bytes("NaN"), 0, 3, column(Reading.DECIMAL), 42))
                .isInstanceOf(SourceReadException.class)
                .hasMessage("Column amount of table orders of extract/shop.yaml holds 'NaN' in row 42, which is no"
                        + " numeric; cast it in the import_query");
    }

    private Object read(String text, Reading reading) {
        byte[] line = bytes(text);
        return values.read(line, 0, line.length, column(reading), 1);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static SourceColumn column(Reading reading) {
        return new SourceColumn(new LoadColumn("amount", LoadType.decimal(0, 0)), reading);
    }
}
