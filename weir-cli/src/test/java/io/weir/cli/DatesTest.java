package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.core.ErrorCode;
import io.weir.core.WeirException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DatesTest {

    @Test
    void plainDateIsMidnightUtc() {
        assertThat(Dates.parse("2024-01-01")).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
    }

    @Test
    void timestampsWithZOrOffsetAreConvertedToUtc() {
        assertThat(Dates.parse("2024-01-01T06:30:00Z")).isEqualTo(Instant.parse("2024-01-01T06:30:00Z"));
        assertThat(Dates.parse("2024-01-01T02:00:00+02:00")).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
        assertThat(Dates.parse("2024-01-01T00:00:00.250-05:00")).isEqualTo(Instant.parse("2024-01-01T05:00:00.250Z"));
        assertThat(Dates.parse(" 2024-01-01 00:00:00+00:00 ")).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
    }

    @Test
    void runIdTimestampParses() {
        // The time part of scheduled__2024-01-01T00:00:00+00:00, as users copy it from run ids.
        assertThat(Dates.parse("2024-01-01T00:00:00+00:00")).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
    }

    @Test
    void timestampWithoutOffsetAsksForOne() {
        assertThatThrownBy(() -> Dates.parse("2024-01-01T10:00:00"))
                .isInstanceOf(WeirException.class)
                .hasMessage(
                        "'2024-01-01T10:00:00' has no time zone; add Z or an offset, for example 2024-01-01T10:00:00Z")
                .extracting(error -> ((WeirException) error).code())
                .isEqualTo(ErrorCode.BAD_DATE);
    }

    @Test
    void garbageNamesTheValueAndTheAcceptedForms() {
        assertThatThrownBy(() -> Dates.parse("yesterday"))
                .isInstanceOf(WeirException.class)
                .hasMessage("'yesterday' is not a date; use 2024-01-01 or an ISO-8601 timestamp such as "
                        + "2024-01-01T00:00:00+00:00");
        assertThatThrownBy(() -> Dates.parse("2024-13-01")).hasMessageStartingWith("'2024-13-01' is not a date");
        assertThatThrownBy(() -> Dates.parse(" ")).hasMessageStartingWith("a date is required");
    }

    @Test
    void formatsWithOffsetAndMicrosecondsOnlyWhenPresent() {
        assertThat(Dates.format(Instant.parse("2024-01-01T00:00:00Z"))).isEqualTo("2024-01-01T00:00:00+00:00");
        assertThat(Dates.format(Instant.parse("2024-01-01T00:00:00.123456789Z")))
                .isEqualTo("2024-01-01T00:00:00.123456+00:00");
        assertThat(Dates.format(Instant.parse("2024-01-01T00:00:00.5Z"))).isEqualTo("2024-01-01T00:00:00.5+00:00");
    }

    @Test
    void formattedTimestampsParseBack() {
        Instant instant = Instant.parse("2024-03-31T01:02:03.000456Z");
        assertThat(Dates.parse(Dates.format(instant))).isEqualTo(instant);
    }
}
