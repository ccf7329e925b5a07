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
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Creating, checking and changing users; passwords are kept only as bcrypt hashes. */
public final class UserAccounts {
    private static final int BCRYPT_COST = 10;
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_.@-]{1,250}");
    private static final String PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    // Compared against when the user does not exist, so a wrong name takes as long as a wrong password.
    private static final byte[] ABSENT_USER_HASH =
            BCrypt.withDefaults().hash(BCRYPT_COST, "absent".getBytes(StandardCharsets.UTF_8));

    private final MetadataStore store;
    private final Clock clock;

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
        if (!store.inTransaction(session -> session.users().create(user))) {
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

    public void delete(String username) {
        if (!store.inTransaction(session -> session.users().delete(username))) {
            throw noSuchUser(username);
        }
    }

    public void resetPassword(String username, String password) {
        checkPassword(username, password);
        String hash = hash(password);
        if (!store.inTransaction(session -> session.users().setPasswordHash(username, hash))) {
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
