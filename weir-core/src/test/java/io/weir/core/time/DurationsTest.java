package io.weir.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "30s, PT30S",
        "5m, PT5M",
        "2h, PT2H",
        "1d, PT24H",
        "1h30m, PT1H30M",
        "1h 30m, PT1H30M",
        "1d2h3m4s, PT26H3M4S",
        "250ms, PT0.25S",
        "PT5M, PT5M",
        "pt5m, PT5M",
        "P1D, PT24H",
        "P1DT2H, PT26H",
        "300, PT5M",
        "0, PT0S",
        "' 5m ', PT5M",
        "2H, PT2H"
    })
    void parsesTheAcceptedForms(String text, Duration expected) {
        assertThat(Durations.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "five minutes", "5 minutes", "5x", "m5", "1.5h", "P", "PT", "h"})
    void rejectsOtherTextNamingTheAcceptedForms(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("30s, 5m, 2h, 1d")
                .hasMessageContaining("PT5M");
    }

    @Test
    void rejectsNegativeAndNullDurations() {
        assertThatThrownBy(() -> Durations.parse("-PT5M")).hasMessageContaining("negative");
        assertThatThrownBy(() -> Durations.parse(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Durations.parse("99999999999999999999d")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void formatsShortly() {
        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h 30m");
        assertThat(Durations.format(Duration.ofHours(27))).isEqualTo("1d 3h");
        assertThat(Durations.format(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(Durations.format(Duration.ofMillis(250))).isEqualTo("250ms");
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
        assertThat(Durations.format(Duration.ofMinutes(-5))).isEqualTo("-5m");
        assertThat(Durations.parse(Durations.format(Duration.ofSeconds(93_784))))
                .isEqualTo(Duration.ofSeconds(93_784));
    }
}
