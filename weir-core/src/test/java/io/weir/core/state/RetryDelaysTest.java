package io.weir.core.state;

import static io.weir.core.state.TestDags.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.core.dag.TaskSpec;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryDelaysTest {
    private static final Instant LOGICAL_DATE = Instant.parse("2024-01-01T00:00:00Z");
    private static final Instant FAILED_AT = Instant.parse("2024-01-02T00:10:00Z");

    @Test
    void plainDelayIsTheSameAfterEveryTry() {
        TaskSpec load = task("load").retryDelay(Duration.ofMinutes(5)).build();

        assertThat(RetryDelays.nextRetryAt(load, "etl", LOGICAL_DATE, 1, FAILED_AT))
                .isEqualTo(Instant.parse("2024-01-02T00:15:00Z"));
        assertThat(RetryDelays.nextRetryAt(load, "etl", LOGICAL_DATE, 3, FAILED_AT))
                .isEqualTo(Instant.parse("2024-01-02T00:15:00Z"));
    }

    @Test
    void exponentialBackoffDoublesWithDeterministicJitter() {
        // minimum 300 s * 2^(n-1), plus sha1("etl#load#2024-01-01T00:00:00Z#n") modulo that minimum
        TaskSpec load = task("load")
                .retryDelay(Duration.ofMinutes(5))
                .exponentialBackoff(null)
                .build();

        assertThat(RetryDelays.retryDelay(load, "etl", LOGICAL_DATE, 1)).isEqualTo(Duration.ofSeconds(514));
        assertThat(RetryDelays.retryDelay(load, "etl", LOGICAL_DATE, 2)).isEqualTo(Duration.ofSeconds(629));
        assertThat(RetryDelays.retryDelay(load, "etl", LOGICAL_DATE, 3)).isEqualTo(Duration.ofSeconds(2391));
        assertThat(RetryDelays.retryDelay(load, "etl", LOGICAL_DATE, 4)).isEqualTo(Duration.ofSeconds(4032));
        assertThat(RetryDelays.nextRetryAt(load, "etl", LOGICAL_DATE, 1, FAILED_AT))
                .isEqualTo(FAILED_AT.plusSeconds(514));
    }

    @Test
    void jitterDependsOnTheLogicalDate() {
        TaskSpec load = task("load")
                .retryDelay(Duration.ofMinutes(5))
                .exponentialBackoff(null)
                .build();

        assertThat(RetryDelays.retryDelay(load, "etl", Instant.parse("2024-01-02T00:00:00Z"), 1))
                .isEqualTo(Duration.ofSeconds(348));
    }

    @Test
    void maxRetryDelayCapsTheBackoff() {
        TaskSpec load = task("load")
                .retryDelay(Duration.ofMinutes(5))
                .exponentialBackoff(Duration.ofMinutes(30))
                .build();

        assertThat(RetryDelays.retryDelay(load, "etl", LOGICAL_DATE, 1)).isEqualTo(Duration.ofSeconds(514));
        assertThat(RetryDelays.retryDelay(load, "etl", LOGICAL_DATE, 3)).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void backoffWithoutMaxIsCappedAtOneDayEvenAfterManyTries() {
        TaskSpec load = task("load")
                .retryDelay(Duration.ofMinutes(5))
                .exponentialBackoff(null)
                .build();

        assertThat(RetryDelays.retryDelay(load, "etl", LOGICAL_DATE, 20)).isEqualTo(Duration.ofDays(1));
        assertThat(RetryDelays.retryDelay(load, "etl", LOGICAL_DATE, 100_000)).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void backoffRoundsUpAndWaitsAtLeastOneSecond() {
        TaskSpec zero =
                task("load").retryDelay(Duration.ZERO).exponentialBackoff(null).build();
        TaskSpec fractional = task("load")
                .retryDelay(Duration.ofMillis(1500))
                .exponentialBackoff(null)
                .build();

        assertThat(RetryDelays.retryDelay(zero, "etl", LOGICAL_DATE, 1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(RetryDelays.retryDelay(fractional, "etl", LOGICAL_DATE, 1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(RetryDelays.retryDelay(fractional, "etl", LOGICAL_DATE, 2)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void tryNumbersStartAtOne() {
        TaskSpec load = task("load").build();

        assertThatThrownBy(() -> RetryDelays.retryDelay(load, "etl", LOGICAL_DATE, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("start at 1");
    }
}
