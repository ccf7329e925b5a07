package io.weir.extract.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.TextNode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fast reading of ISO dates and times gives what the formatters give, and refuses what they refuse. */
class IsoTimesTest {
    private static final List<String> TIMES = List.of(
            "2024-05-01T10:00:00Z",
            "2024-05-01 10:00:00Z",
            "2024-05-01T10:00:00.5Z",
            "2024-05-01T10:00:00.123456789+02:00",
            "2024-02-29T23:59:59-05:30",
            "1999-12-31T00:00:00-00:30",
            "2024-05-01T10:00:00+14:00");

    @Test
    void offsetTimesAreThoseOfTheFormatter() {
        for (String text : TIMES) {
            assertThat(IsoTimes.offsetDateTime(text)).as(text).isEqualTo(OffsetDateTime.parse(text.replace(' ', 'T')));
            assertThat(IsoTimes.localDateTime(text))
                    .as(text)
                    .isEqualTo(OffsetDateTime.parse(text.replace(' ', 'T')).toLocalDateTime());
        }
        assertThat(IsoTimes.localDateTime("2024-05-01 10:00:00.25"))
                .isEqualTo(LocalDateTime.parse("2024-05-01T10:00:00.25"));
        assertThat(IsoTimes.offsetDateTime("2024-05-01T10:00+02:00"))
                .isEqualTo(OffsetDateTime.parse("2024-05-01T10:00+02:00"));
        assertThat(IsoTimes.date("2024-02-29")).isEqualTo(LocalDate.of(2024, 2, 29));
    }

    @Test
    void whatTheFormatterRefusesIsRefused() {
        for (String text : List.of(
                "2024-13-01T10:00:00Z",
                "2023-02-29T10:00:00Z",
                "2024-05-01T25:00:00Z",
                "2024-05-01T10:00:00+19:00",
                "2024-05-01T10:00:00",
                "2024-05-01T10:00:00.1234567891Z",
                "next week")) {
            assertThatThrownBy(() -> IsoTimes.offsetDateTime(text)).as(text).isInstanceOf(DateTimeParseException.class);
        }
        assertThatThrownBy(() -> IsoTimes.date("2023-02-29")).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> IsoTimes.date("2024-5-1")).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> FieldType.DATE.convert(TextNode.valueOf("2023-02-30")))
                .hasMessage("is '2023-02-30', not a date (YYYY-MM-DD)");
        assertThatThrownBy(() -> FieldType.TIMESTAMPTZ.convert(TextNode.valueOf("2024-05-01T10:00:00")))
                .hasMessage("is '2024-05-01T10:00:00', not a timestamp with an offset (2024-05-01T10:00:00Z)");
    }
}
