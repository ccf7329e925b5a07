package io.weir.store;

import java.util.List;
import java.util.Optional;

/** Variables; values are encrypted at rest and decrypted here. */
public interface VariableRepository {

    void set(String key, String value, String description);

    Optional<VariableRecord> get(String key);

    /** Returns false when no such variable exists. */
    boolean delete(String key);

    /** All variables ordered by key. */
    List<VariableRecord> list();
}
