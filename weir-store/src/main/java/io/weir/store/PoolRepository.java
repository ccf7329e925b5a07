package io.weir.store;

import java.util.List;
import java.util.Optional;

/** Pools; {@code default_pool} (128 slots) always exists. */
public interface PoolRepository {

    void upsert(PoolRecord pool);

    Optional<PoolRecord> find(String name);

    List<PoolRecord> list();

    boolean delete(String name);
}
