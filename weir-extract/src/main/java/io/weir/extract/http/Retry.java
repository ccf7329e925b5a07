package io.weir.extract.http;

import java.time.Duration;

/**
 * How a request that may succeed later is repeated: a 429 waits its {@code Retry-After} (at most {@code maxWait}),
 * a 5xx or a dropped connection waits {@code backoff}, doubled each time; {@code attempts} counts the first request.
 */
public record Retry(int attempts, Duration backoff, Duration maxWait) {
    public static final Retry DEFAULT = new Retry(5, Duration.ofSeconds(2), Duration.ofMinutes(5));

    public Retry {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, not " + attempts);
        }
    }

    /** The wait before attempt {@code attempt + 1}. */
    Duration backoff(int attempt) {
        Duration wait = backoff.multipliedBy(1L << Math.min(attempt - 1, 16));
        return wait.compareTo(maxWait) > 0 ? maxWait : wait;
    }
}
