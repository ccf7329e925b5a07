package io.weir.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A user of the web UI and REST API.
 *
 * @param role one of Airflow's roles as written: Admin, Op, User, Viewer
 * @param passwordHash the bcrypt hash; the password itself is never stored
 * @param lastLogin null until the first sign-in
 */
public record UserRecord(
        String username,
        String email,
        String firstName,
        String lastName,
        String role,
        String passwordHash,
        Instant createdAt,
        Instant lastLogin) {

    public UserRecord {
        requireNonNull(username, "username is null");
        requireNonNull(email, "email is null");
        requireNonNull(firstName, "firstName is null");
        requireNonNull(lastName, "lastName is null");
        requireNonNull(role, "role is null");
        requireNonNull(passwordHash, "passwordHash is null");
        requireNonNull(createdAt, "createdAt is null");
    }

    /** This user without its password hash, for listings that leave this process. */
    @Override
    public String toString() {
        return "UserRecord[username=" + username + ", role=" + role + "]";
    }
}
