package io.weir.web.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    /** A clock the test moves by hand. */
    private static final class TestClock extends Clock {
        private Instant now = Instant.parse("2024-01-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aUserWaitsAfterTooManyFailuresUntilTheOldestAgesOut() {
        TestClock clock = new TestClock();
        LoginThrottle throttle = new LoginThrottle(3, Duration.ofMinutes(5), clock);
        for (int attempt = 0; attempt < 3; attempt++) {
            assertThat(throttle.waitBefore("ana", "10.0.0.1")).isZero();
            throttle.failed("ana", "10.0.0.1");
            clock.now = clock.now.plusSeconds(10);
        }
        assertThat(throttle.waitBefore("ana", "10.0.0.2")).isEqualTo(Duration.ofSeconds(270));
        assertThat(throttle.waitBefore("bob", "10.0.0.1"))
                .as("the address has a larger allowance")
                .isZero();
        clock.now = clock.now.plusSeconds(270);
        assertThat(throttle.waitBefore("ana", "10.0.0.1")).isZero();
    }

    @Test
    void anAddressGuessingManyUsersIsStoppedToo() {
        TestClock clock = new TestClock();
        LoginThrottle throttle = new LoginThrottle(2, Duration.ofMinutes(1), clock);
        for (int user = 0; user < 2 * LoginThrottle.ADDRESS_FACTOR; user++) {
            throttle.failed("user" + user, "10.0.0.9");
        }
        assertThat(throttle.waitBefore("someone-new", "10.0.0.9")).isPositive();
        assertThat(throttle.waitBefore("someone-new", "10.0.0.8")).isZero();
    }

    @Test
    void successForgetsTheUsersFailures() {
        LoginThrottle throttle = new LoginThrottle(2, Duration.ofMinutes(1), new TestClock());
        throttle.failed("ana", "a");
        throttle.failed("ana", "a");
        assertThat(throttle.waitBefore("ana", "b")).isPositive();
        throttle.succeeded("ana");
        assertThat(throttle.waitBefore("ana", "b")).isZero();
    }
}
