package io.weir.web.audit;

import static java.util.Objects.requireNonNull;

import io.weir.store.AuditRecord;
import io.weir.store.AuditRepository;
import io.weir.store.MetadataStore;
import java.time.Clock;
import java.util.List;

/** Records state-changing actions from the UI, the API and the CLI in one table, and reads them back. */
public final class AuditLog {
    private final MetadataStore store;
    private final Clock clock;

    public AuditLog(MetadataStore store, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Records one action; {@code dagId}, {@code runId}, {@code taskId} and {@code extra} may be null. */
    public AuditRecord record(Actor actor, String event, String dagId, String runId, String taskId, String extra) {
        AuditRecord entry = new AuditRecord(
                0,
                clock.instant(),
                actor.username(),
                event,
                dagId,
                runId,
                taskId,
                actor.origin(),
                actor.address(),
                extra);
        return store.inTransaction(session -> session.audit().add(entry));
    }

    public List<AuditRecord> list(AuditRepository.Filter filter, int limit, int offset) {
        return store.inTransaction(session -> session.audit().list(filter, limit, offset));
    }

    /** A page of entries sorted on {@code order}, the id breaking ties. */
    public List<AuditRecord> list(
            AuditRepository.Filter filter, AuditRepository.Order order, boolean descending, int limit, int offset) {
        return store.inTransaction(session -> session.audit().list(filter, order, descending, limit, offset));
    }

    public int count(AuditRepository.Filter filter) {
        return store.inTransaction(session -> session.audit().count(filter));
    }
}
