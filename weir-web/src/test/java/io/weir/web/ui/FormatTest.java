package io.weir.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FormatTest {
    @Test
    void aDurationUnderASecondIsWrittenInMillisecondsNotAsZeroSeconds() {
        assertThat(Format.duration(Duration.ofMillis(35))).isEqualTo("35 ms");
        assertThat(Format.duration(Duration.ZERO)).isEqualTo("0 ms");
        assertThat(Format.duration(Duration.ofMillis(999))).isEqualTo("999 ms");
    }

    @Test
    void aTaskInstancesDurationInSecondsIsWrittenTheSameWay() {
        // the task instance page and the task instance list show the store's seconds
        assertThat(Format.seconds(0.013)).isEqualTo("13 ms");
        assertThat(Format.seconds(1.25)).isEqualTo("1.3 s");
        assertThat(Format.seconds(null)).isEqualTo("-");
    }

    @Test
    void longerDurationsKeepSecondsMinutesAndHours() {
        assertThat(Format.duration(Duration.ofMillis(1_250))).isEqualTo("1.3 s");
        assertThat(Format.duration(Duration.ofSeconds(125))).isEqualTo("2 min 5 s");
        assertThat(Format.duration(Duration.ofSeconds(7_380))).isEqualTo("2 h 3 min");
        assertThat(Format.duration(null)).isEqualTo("-");
    }

    @Test
    void theDurationChartsTopLabelNamesItsLongestDurationEvenWhenShort() {
        Chart chart = Charts.durations(java.util.List.of("extract"), java.util.List.of(), java.util.Map.of());
        assertThat(chart.labels()).extracting(Chart.Label::text).contains("1 ms");
    }
}
