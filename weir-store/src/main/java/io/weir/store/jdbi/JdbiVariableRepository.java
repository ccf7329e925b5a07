package io.weir.store.jdbi;

import static java.util.Objects.requireNonNull;

import io.weir.store.VariableRecord;
import io.weir.store.VariableRepository;
import io.weir.store.crypto.VariableCipher;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Variables, encrypted on the way in and decrypted on the way out. */
final class JdbiVariableRepository implements VariableRepository {
    private final Handle handle;
    private final VariableCipher cipher;

    JdbiVariableRepository(Handle handle, VariableCipher cipher) {
        this.handle = handle;
        this.cipher = cipher;
    }

    @Override
    public void set(String key, String value, String description) {
        requireNonNull(key, "key is null");
        requireNonNull(value, "value is null");
        String encrypted = cipher.encrypt(key, value);
        SqlErrors.upsert(
                handle,
                () -> handle.createUpdate(
                                "UPDATE variable SET encrypted_value = :value, description = :description WHERE var_key = :key")
                        .bind("key", key)
                        .bind("value", encrypted)
                        .bind("description", description)
                        .execute(),
                () -> handle.createUpdate("INSERT INTO variable (var_key, encrypted_value, description)"
                                + " VALUES (:key, :value, :description)")
                        .bind("key", key)
                        .bind("value", encrypted)
                        .bind("description", description)
                        .execute());
    }

    @Override
    public Optional<VariableRecord> get(String key) {
        return handle.createQuery("SELECT var_key, encrypted_value, description FROM variable WHERE var_key = :key")
                .bind("key", key)
                .map((rs, context) -> decrypted(rs.getString(1), rs.getString(2), rs.getString(3)))
                .findOne();
    }

    @Override
    public boolean delete(String key) {
        return handle.createUpdate("DELETE FROM variable WHERE var_key = :key")
                        .bind("key", key)
                        .execute()
                > 0;
    }

    @Override
    public List<VariableRecord> list() {
        return handle.createQuery("SELECT var_key, encrypted_value, description FROM variable ORDER BY var_key")
                .map((rs, context) -> decrypted(rs.getString(1), rs.getString(2), rs.getString(3)))
                .list();
    }

    private VariableRecord decrypted(String key, String stored, String description) {
        return new VariableRecord(key, cipher.decrypt(key, stored), description);
    }
}
