package io.weir.web.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Limits failed sign-ins per user and per client address: after {@code maxFailures} failures for one user within
 * {@code window}, that user (from anywhere) waits until the oldest failure ages out; an address (for any user) gets
 * {@link #ADDRESS_FACTOR} times as many, as many people may share one (an office, a proxy).
 */
public final class LoginThrottle {
    public static final int ADDRESS_FACTOR = 4;

    private final int maxFailures;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    public LoginThrottle(int maxFailures, Duration window, Clock clock) {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("maxFailures must be positive: " + maxFailures);
        }
        this.maxFailures = maxFailures;
        this.window = window;
        this.clock = clock;
    }

    /** How long the caller must wait before trying again; zero when it may try now. */
    public Duration waitBefore(String username, String address) {
        Duration user = waitFor("user:" + username, maxFailures);
        Duration client = waitFor("address:" + address, maxFailures * ADDRESS_FACTOR);
        return user.compareTo(client) >= 0 ? user : client;
    }

    public void failed(String username, String address) {
        record("user:" + username);
        record("address:" + address);
    }

    /** A successful sign-in forgets that user's failures (not the address's: one right guess proves nothing). */
    public void succeeded(String username) {
        failures.remove("user:" + username);
    }

    private Duration waitFor(String key, int limit) {
        Deque<Instant> times = failures.get(key);
        if (times == null) {
            return Duration.ZERO;
        }
        synchronized (times) {
            Instant now = clock.instant();
            prune(times, now);
            if (times.size() < limit) {
                return Duration.ZERO;
            }
            return Duration.between(now, times.peekFirst().plus(window));
        }
    }

    private void record(String key) {
        Deque<Instant> times = failures.computeIfAbsent(key, ignored -> new ArrayDeque<>());
        synchronized (times) {
            Instant now = clock.instant();
            prune(times, now);
            times.addLast(now);
        }
    }

    private void prune(Deque<Instant> times, Instant now) {
        while (!times.isEmpty() && !times.peekFirst().plus(window).isAfter(now)) {
            times.removeFirst();
        }
    }
}
