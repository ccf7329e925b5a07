package io.weir.core.state;

import static java.util.Objects.requireNonNull;

import io.weir.core.dag.TaskSpec;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;

/**
 * When a failed try may be retried, as Airflow computes it. Without exponential backoff the delay is
 * {@code retry_delay}. With it, after try n fails the delay is {@code minBackoff + hash % minBackoff} seconds, where
 * {@code minBackoff = ceil(retry_delay * 2^(n-1))} (at least 1 s) and {@code hash} is the SHA-1 of
 * {@code "<dag_id>#<task_id>#<logical date>#<n>"} (logical date as an ISO-8601 UTC instant, e.g.
 * {@code 2024-01-01T00:00:00Z}) read as an unsigned integer, so the jitter is the same every time it is computed;
 * the result is capped by {@code max_retry_delay}, or by one day when that is not set.
 */
public final class RetryDelays {
    /** Airflow's default ceiling (core.max_task_retry_delay) when a task sets no max_retry_delay. */
    public static final Duration DEFAULT_MAX_RETRY_DELAY = Duration.ofDays(1);

    // beyond this many doublings any retry_delay of at least a nanosecond exceeds every representable cap
    private static final int MAX_DOUBLINGS = 128;

    private RetryDelays() {}

    public static Instant nextRetryAt(
            TaskSpec task, String dagId, Instant logicalDate, int failedTryNumber, Instant failedAt) {
        requireNonNull(failedAt, "failedAt is null");
        return failedAt.plus(retryDelay(task, dagId, logicalDate, failedTryNumber));
    }

    /** The wait between the end of try {@code failedTryNumber} (1 for the first try) and the next try. */
    public static Duration retryDelay(TaskSpec task, String dagId, Instant logicalDate, int failedTryNumber) {
        requireNonNull(task, "task is null");
        requireNonNull(dagId, "dagId is null");
        requireNonNull(logicalDate, "logicalDate is null");
        if (failedTryNumber < 1) {
            throw new IllegalArgumentException("try numbers start at 1: " + failedTryNumber);
        }
        if (!task.retryExponentialBackoff()) {
            return task.retryDelay();
        }
        Duration ceiling = task.maxRetryDelay() == null ? DEFAULT_MAX_RETRY_DELAY : task.maxRetryDelay();
        if (failedTryNumber - 1 > MAX_DOUBLINGS) {
            return ceiling;
        }
        BigInteger minBackoff = seconds(task.retryDelay())
                .multiply(new BigDecimal(BigInteger.TWO.pow(failedTryNumber - 1)))
                .setScale(0, RoundingMode.CEILING)
                .toBigIntegerExact()
                .max(BigInteger.ONE);
        String key = dagId + "#" + task.taskId() + "#" + logicalDate + "#" + failedTryNumber;
        BigInteger delaySeconds = minBackoff.add(sha1(key).mod(minBackoff));
        if (delaySeconds.bitLength() >= Long.SIZE - 1) {
            return ceiling;
        }
        Duration delay = Duration.ofSeconds(delaySeconds.longValueExact());
        return delay.compareTo(ceiling) > 0 ? ceiling : delay;
    }

    private static BigDecimal seconds(Duration duration) {
        return BigDecimal.valueOf(duration.getSeconds()).add(BigDecimal.valueOf(duration.getNano(), 9));
    }

    private static BigInteger sha1(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            return new BigInteger(1, digest);
        } catch (NoSuchAlgorithmException e) {
            // every Java runtime must provide SHA-1
            throw new IllegalStateException("SHA-1 is not available in this Java runtime", e);
        }
    }
}
