package io.weir.web.auth;

import static java.util.Objects.requireNonNull;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.weir.core.ErrorCode;
import io.weir.core.WeirException;
import io.weir.store.MetadataStore;
import io.weir.store.UserRecord;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Creating, checking and changing users; passwords are kept only as bcrypt hashes. Every request names its user, so
 * {@link #current} answers from a memory of the last second: a change made here counts at once, one made by another
 * process (the CLI) within {@link #FRESH}.
 */
public final class UserAccounts {
    /** How long a user read from the store is trusted without reading it again. */
    public static final Duration FRESH = Duration.ofSeconds(1);

    private static final int BCRYPT_COST = 10;
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_.@-]{1,250}");
    private static final String PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    // Compared against when the user does not exist, so a wrong name takes as long as a wrong password.
    private static final byte[] ABSENT_USER_HASH =
            BCrypt.withDefaults().hash(BCRYPT_COST, "absent".getBytes(StandardCharsets.UTF_8));

    private final MetadataStore store;
    private final Clock clock;
    private final Map<String, Read> recent = new ConcurrentHashMap<>();
    private final AtomicLong changes = new AtomicLong();

    public UserAccounts(MetadataStore store, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** A new user; a clear error when the name is taken or a field is unusable. */
    public UserRecord create(
            String username, String password, Role role, String email, String firstName, String lastName) {
        requireNonNull(role, "role is null");
        checkUsername(username);
        checkPassword(username, password);
        UserRecord user = new UserRecord(
                username,
                email == null ? "" : email,
                firstName == null ? "" : firstName,
                lastName == null ? "" : lastName,
                role.displayName(),
                hash(password),
                clock.instant(),
                null);
        if (!changed(username, store.inTransaction(session -> session.users().create(user)))) {
            throw new WeirException(
                    ErrorCode.USER_INPUT,
                    "User " + username + " exists already; `weir users reset-password` changes its password");
        }
        return user;
    }

    public List<UserRecord> list() {
        return store.inTransaction(session -> session.users().list());
    }

    public Optional<UserRecord> find(String username) {
        return store.inTransaction(session -> session.users().find(username));
    }

    /** The user as the store held it at most {@link #FRESH} ago (changes made through this object count at once). */
    public Optional<UserRecord> current(String username) {
        if (username == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Read read = recent.get(username);
        if (read != null && read.at().plus(FRESH).isAfter(now) && !read.at().isAfter(now)) {
            return read.user();
        }
        long before = changes.get();
        Optional<UserRecord> user = find(username);
        // Remembered only if nothing changed here meanwhile, and only users that exist (the names are bounded).
        if (user.isPresent() && changes.get() == before) {
            recent.put(username, new Read(user, now));
        }
        return user;
    }

    /**
     * Forgets what {@link #current} remembers of a user just written, after the write: a read racing it is then
     * not remembered either. Returns {@code written}.
     */
    private boolean changed(String username, boolean written) {
        changes.incrementAndGet();
        recent.remove(username);
        return written;
    }

    /** A user as read at a moment. */
    private record Read(Optional<UserRecord> user, Instant at) {}

    public void delete(String username) {
        if (!changed(username, store.inTransaction(session -> session.users().delete(username)))) {
            throw noSuchUser(username);
        }
    }

    public void resetPassword(String username, String password) {
        checkPassword(username, password);
        String hash = hash(password);
        if (!changed(username, store.inTransaction(session -> session.users().setPasswordHash(username, hash)))) {
            throw noSuchUser(username);
        }
    }

    public void setRole(String username, Role role) {
        requireNonNull(role, "role is null");
        if (!changed(username, store.inTransaction(session -> session.users().setRole(username, role.displayName())))) {
            throw noSuchUser(username);
        }
    }

    /** The user when the password is right; records the sign-in time. */
    public Optional<UserRecord> authenticate(String username, String password) {
        if (username == null || password == null) {
            return Optional.empty();
        }
        Optional<UserRecord> user = find(username);
        byte[] hash = user.map(found -> found.passwordHash().getBytes(StandardCharsets.UTF_8))
                .orElse(ABSENT_USER_HASH);
        boolean verified = BCrypt.verifyer().verify(password.getBytes(StandardCharsets.UTF_8), hash).verified;
        if (!verified || user.isEmpty()) {
            return Optional.empty();
        }
        store.useTransaction(session -> session.users().setLastLogin(username, clock.instant()));
        return user;
    }

    /** A random password of 16 letters and digits (no look-alikes), for standalone's first admin. */
    public static String randomPassword() {
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder();
        for (int index = 0; index < 16; index++) {
            password.append(PASSWORD_ALPHABET.charAt(random.nextInt(PASSWORD_ALPHABET.length())));
        }
        return password.toString();
    }

    private static String hash(String password) {
        return BCrypt.withDefaults().hashToString(BCRYPT_COST, password.toCharArray());
    }

    private static void checkUsername(String username) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new WeirException(
                    ErrorCode.USER_INPUT,
                    "User name '" + username + "' is not usable; use 1 to 250 letters, digits and _ . @ -");
        }
    }

    private static void checkPassword(String username, String password) {
        if (password == null || password.isEmpty()) {
            throw new WeirException(
                    ErrorCode.USER_INPUT, "The password of user " + username + " is empty; give one with --password");
        }
        // bcrypt reads only the first 72 bytes: a longer password would be accepted by its first 72 alone.
        if (password.getBytes(StandardCharsets.UTF_8).length > 72) {
            throw new WeirException(
                    ErrorCode.USER_INPUT,
                    "The password of user " + username + " is longer than 72 bytes; bcrypt would ignore the rest");
        }
    }

    private static WeirException noSuchUser(String username) {
        return new WeirException(
                ErrorCode.USER_INPUT, "No user " + username + "; `weir users list` shows the users there are");
    }
}
