package io.weir.store.jdbi;

import static java.util.Objects.requireNonNull;

import io.weir.core.ErrorCode;
import io.weir.core.WeirException;
import io.weir.store.PoolRecord;
import io.weir.store.PoolRepository;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Pools of slots. */
final class JdbiPoolRepository implements PoolRepository {
    private final Handle handle;

    JdbiPoolRepository(Handle handle) {
        this.handle = handle;
    }

    @Override
    public void upsert(PoolRecord pool) {
        requireNonNull(pool, "pool is null");
        SqlErrors.upsert(
                handle,
                () -> handle.createUpdate(
                                "UPDATE pool SET slots = :slots, description = :description WHERE name = :name")
                        .bind("name", pool.name())
                        .bind("slots", pool.slots())
                        .bind("description", pool.description())
                        .execute(),
                () -> handle.createUpdate(
                                "INSERT INTO pool (name, slots, description) VALUES (:name, :slots, :description)")
                        .bind("name", pool.name())
                        .bind("slots", pool.slots())
                        .bind("description", pool.description())
                        .execute());
    }

    @Override
    public Optional<PoolRecord> find(String name) {
        return handle.createQuery("SELECT name, slots, description FROM pool WHERE name = :name")
                .bind("name", name)
                .map(Rows.POOL)
                .findOne();
    }

    @Override
    public List<PoolRecord> list() {
        return handle.createQuery("SELECT name, slots, description FROM pool ORDER BY name")
                .map(Rows.POOL)
                .list();
    }

    @Override
    public boolean delete(String name) {
        if (PoolRecord.DEFAULT_POOL.equals(name)) {
            throw new WeirException(
                    ErrorCode.USER_INPUT,
                    "Pool " + PoolRecord.DEFAULT_POOL + " cannot be deleted; change its slots instead.");
        }
        return handle.createUpdate("DELETE FROM pool WHERE name = :name")
                        .bind("name", name)
                        .execute()
                > 0;
    }
}
