package io.weir.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class DatesTest {
    private static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");

    @Test
    void aDateIsMidnightInTheZone() {
        assertThat(Dates.parse("2024-01-01", ZoneId.of("UTC"))).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
        assertThat(Dates.parse("2024-07-01", AMSTERDAM)).isEqualTo(Instant.parse("2024-06-30T22:00:00Z"));
    }

    @Test
    void dateTimesWithAnOffsetKeepItAndOthersUseTheZone() {
        assertThat(Dates.parse("2024-01-01T06:00:00+01:00", AMSTERDAM))
                .isEqualTo(Instant.parse("2024-01-01T05:00:00Z"));
        assertThat(Dates.parse("2024-01-01T06:00:00Z", AMSTERDAM)).isEqualTo(Instant.parse("2024-01-01T06:00:00Z"));
        assertThat(Dates.parse("2024-01-01T06:00", AMSTERDAM)).isEqualTo(Instant.parse("2024-01-01T05:00:00Z"));
        assertThat(Dates.parse("2024-01-01 06:00:00", AMSTERDAM)).isEqualTo(Instant.parse("2024-01-01T05:00:00Z"));
        assertThat(Dates.parse("2024-01-01T06:00:00.5-05:00", AMSTERDAM))
                .isEqualTo(Instant.parse("2024-01-01T11:00:00.5Z"));
    }

    @Test
    void rejectsOtherTextNamingTheAcceptedForms() {
        assertThatThrownBy(() -> Dates.parse("yesterday", AMSTERDAM))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'yesterday' is not a date; write a date such as 2024-01-01 or an ISO-8601 date-time such"
                        + " as 2024-01-01T06:00:00+01:00");
        assertThatThrownBy(() -> Dates.parse("2024-02-30", AMSTERDAM)).hasMessageContaining("is not a date");
    }

    @Test
    void printsAsAirflowDoes() {
        assertThat(Dates.iso(Instant.parse("2024-01-01T00:00:00Z"))).isEqualTo("2024-01-01T00:00:00+00:00");
        assertThat(Dates.iso(Instant.parse("2024-01-01T10:15:30.250Z"))).isEqualTo("2024-01-01T10:15:30.250000+00:00");
    }
}
