package io.weir.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Users of the web UI and REST API. */
public interface UserRepository {

    /** Returns false when a user with this name exists already (nothing is written then). */
    boolean create(UserRecord user);

    Optional<UserRecord> find(String username);

    /** All users ordered by name. */
    List<UserRecord> list();

    /** Returns false when no such user exists. */
    boolean setPasswordHash(String username, String passwordHash);

    /** Returns false when no such user exists. */
    boolean setRole(String username, String role);

    /** Returns false when no such user exists. */
    boolean setLastLogin(String username, Instant when);

    /** Returns false when no such user exists. */
    boolean delete(String username);
}
