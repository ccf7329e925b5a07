package io.weir.store.jdbi;

import static java.util.Objects.requireNonNull;

import io.weir.store.UserRecord;
import io.weir.store.UserRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementException;

/** Users; a second user with the same name is refused by the primary key, not by a read first. */
final class JdbiUserRepository implements UserRepository {
    private static final String COLUMNS =
            "username, email, first_name, last_name, role, password_hash, created_at, last_login";
    private static final String SAVEPOINT = "weir_user_create";
    private static final RowMapper<UserRecord> USER = (rs, context) -> new UserRecord(
            rs.getString("username"),
            rs.getString("email"),
            rs.getString("first_name"),
            rs.getString("last_name"),
            rs.getString("role"),
            rs.getString("password_hash"),
            Rows.instant(rs, "created_at"),
            Rows.instant(rs, "last_login"));

    private final Handle handle;

    JdbiUserRepository(Handle handle) {
        this.handle = handle;
    }

    @Override
    public boolean create(UserRecord user) {
        requireNonNull(user, "user is null");
        handle.savepoint(SAVEPOINT);
        try {
            handle.createUpdate("INSERT INTO web_user (" + COLUMNS + ") VALUES (:username, :email, :firstName,"
                            + " :lastName, :role, :passwordHash, :createdAt, :lastLogin)")
                    .bindMethods(user)
                    .execute();
            handle.releaseSavepoint(SAVEPOINT);
            return true;
        } catch (StatementException e) {
            if (!SqlErrors.isUniqueViolation(e)) {
                throw e;
            }
            handle.rollbackToSavepoint(SAVEPOINT);
            return false;
        }
    }

    @Override
    public Optional<UserRecord> find(String username) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM web_user WHERE username = :username")
                .bind("username", username)
                .map(USER)
                .findOne();
    }

    @Override
    public List<UserRecord> list() {
        return handle.createQuery("SELECT " + COLUMNS + " FROM web_user ORDER BY username")
                .map(USER)
                .list();
    }

    @Override
    public boolean setPasswordHash(String username, String passwordHash) {
        requireNonNull(passwordHash, "passwordHash is null");
        return handle.createUpdate("UPDATE web_user SET password_hash = :hash WHERE username = :username")
                        .bind("username", username)
                        .bind("hash", passwordHash)
                        .execute()
                > 0;
    }

    @Override
    public boolean setRole(String username, String role) {
        requireNonNull(role, "role is null");
        return handle.createUpdate("UPDATE web_user SET role = :role WHERE username = :username")
                        .bind("username", username)
                        .bind("role", role)
                        .execute()
                > 0;
    }

    @Override
    public boolean setLastLogin(String username, Instant when) {
        return handle.createUpdate("UPDATE web_user SET last_login = :when WHERE username = :username")
                        .bind("username", username)
                        .bind("when", when)
                        .execute()
                > 0;
    }

    @Override
    public boolean delete(String username) {
        return handle.createUpdate("DELETE FROM web_user WHERE username = :username")
                        .bind("username", username)
                        .execute()
                > 0;
    }
}
