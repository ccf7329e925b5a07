package io.weir.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The audit log: append-only entries of state-changing actions. */
public interface AuditRepository {

    /** Appends an entry and returns it with its id. */
    AuditRecord add(AuditRecord entry);

    /** Entries matching the filter, newest first. */
    List<AuditRecord> list(Filter filter, int limit, int offset);

    int count(Filter filter);

    Optional<AuditRecord> find(long id);

    /**
     * Which entries to read; a null field matches everything.
     *
     * @param after entries at or after this time
     * @param before entries before this time
     */
    record Filter(String dagId, String event, String username, Instant after, Instant before) {
        public static final Filter ALL = new Filter(null, null, null, null, null);
    }
}
