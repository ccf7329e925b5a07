package io.weir.web.auth;

import static java.util.Objects.requireNonNull;

import io.weir.store.UserRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks HTTP basic credentials. bcrypt takes tens of milliseconds by design, so a verified (user, password digest)
 * is remembered while it is used (until {@link #REMEMBER} passes without a request): a script calling the API in a
 * loop pays for bcrypt once, not per request. Requests arriving together with the same credentials wait for one
 * check instead of each running bcrypt.
 */
public final class Authenticator {
    private static final Duration REMEMBER = Duration.ofSeconds(60);

    private final UserAccounts accounts;
    private final LoginThrottle throttle;
    private final Clock clock;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    private final Map<String, Object> checking = new ConcurrentHashMap<>();

    public Authenticator(UserAccounts accounts, LoginThrottle throttle, Clock clock) {
        this.accounts = requireNonNull(accounts, "accounts is null");
        this.throttle = requireNonNull(throttle, "throttle is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** What a sign-in attempt came to. */
    public sealed interface Outcome {
        record SignedIn(UserRecord user) implements Outcome {}

        record Refused() implements Outcome {}

        record Throttled(Duration retryAfter) implements Outcome {}
    }

    public Outcome signIn(String username, String password, String address) {
        Duration wait = throttle.waitBefore(username, address);
        if (!wait.isZero() && !wait.isNegative()) {
            return new Outcome.Throttled(wait);
        }
        String cacheKey = username + '\0' + digest(password);
        Optional<UserRecord> remembered = remembered(cacheKey, username);
        if (remembered.isPresent()) {
            return new Outcome.SignedIn(remembered.get());
        }
        Object lock = checking.computeIfAbsent(cacheKey, key -> new Object());
        try {
            synchronized (lock) {
                // Another request with the same credentials may have checked them while this one waited.
                remembered = remembered(cacheKey, username);
                if (remembered.isPresent()) {
                    return new Outcome.SignedIn(remembered.get());
                }
                Optional<UserRecord> user = accounts.authenticate(username, password);
                if (user.isEmpty()) {
                    throttle.failed(username, address);
                    return new Outcome.Refused();
                }
                throttle.succeeded(username);
                verified.put(
                        cacheKey,
                        new Verified(user.get().passwordHash(), clock.instant().plus(REMEMBER)));
                return new Outcome.SignedIn(user.get());
            }
        } finally {
            checking.remove(cacheKey, lock);
        }
    }

    /** The user these credentials were verified for, while remembered and while the user keeps that password. */
    private Optional<UserRecord> remembered(String cacheKey, String username) {
        Verified remembered = verified.get(cacheKey);
        Instant now = clock.instant();
        if (remembered == null || !remembered.until().isAfter(now)) {
            return Optional.empty();
        }
        Optional<UserRecord> current = accounts.current(username);
        // A user deleted or given a new password since is not let in by the memory of an old check.
        if (current.isPresent() && current.get().passwordHash().equals(remembered.hash())) {
            verified.put(cacheKey, new Verified(remembered.hash(), now.plus(REMEMBER)));
            return current;
        }
        verified.remove(cacheKey);
        return Optional.empty();
    }

    public UserAccounts accounts() {
        return accounts;
    }

    private static String digest(String password) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(password.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    }

    private record Verified(String hash, Instant until) {}
}
