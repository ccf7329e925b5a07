package io.weir.store.jdbi;

import static java.util.Objects.requireNonNull;

import io.weir.store.AuditRecord;
import io.weir.store.AuditRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.SqlStatement;

/** The audit log; filters become bound parameters, never text in the SQL. */
final class JdbiAuditRepository implements AuditRepository {
    private static final String COLUMNS =
            "id, event_time, username, event, dag_id, run_id, task_id, origin, address, extra";
    private static final RowMapper<AuditRecord> ENTRY = (rs, context) -> new AuditRecord(
            rs.getLong("id"),
            Rows.instant(rs, "event_time"),
            rs.getString("username"),
            rs.getString("event"),
            rs.getString("dag_id"),
            rs.getString("run_id"),
            rs.getString("task_id"),
            rs.getString("origin"),
            rs.getString("address"),
            rs.getString("extra"));

    private final Handle handle;

    JdbiAuditRepository(Handle handle) {
        this.handle = handle;
    }

    @Override
    public AuditRecord add(AuditRecord entry) {
        requireNonNull(entry, "entry is null");
        long id = handle.createUpdate("INSERT INTO audit_log (event_time, username, event, dag_id, run_id, task_id,"
                        + " origin, address, extra) VALUES (:when, :username, :event, :dagId, :runId, :taskId, :origin,"
                        + " :address, :extra)")
                .bindMethods(entry)
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one();
        return new AuditRecord(
                id,
                entry.when(),
                entry.username(),
                entry.event(),
                entry.dagId(),
                entry.runId(),
                entry.taskId(),
                entry.origin(),
                entry.address(),
                entry.extra());
    }

    @Override
    public List<AuditRecord> list(Filter filter, Order order, boolean descending, int limit, int offset) {
        requireNonNull(filter, "filter is null");
        requireNonNull(order, "order is null");
        String direction = descending ? " DESC" : "";
        // Nulls sort as the smallest values on both backends, as Airflow's listings show them.
        String nulls = descending ? " NULLS LAST" : " NULLS FIRST";
        String sort = order == Order.ID ? "id" + direction : order.column() + direction + nulls + ", id" + direction;
        var query = handle.createQuery("SELECT " + COLUMNS + " FROM audit_log" + where(filter) + " ORDER BY " + sort
                + " LIMIT :limit OFFSET :offset");
        bind(query, filter);
        return query.bind("limit", limit).bind("offset", offset).map(ENTRY).list();
    }

    @Override
    public int count(Filter filter) {
        requireNonNull(filter, "filter is null");
        var query = handle.createQuery("SELECT COUNT(*) FROM audit_log" + where(filter));
        bind(query, filter);
        return query.mapTo(Integer.class).one();
    }

    @Override
    public Optional<AuditRecord> find(long id) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM audit_log WHERE id = :id")
                .bind("id", id)
                .map(ENTRY)
                .findOne();
    }

    private static String where(Filter filter) {
        List<String> conditions = new ArrayList<>();
        if (filter.dagId() != null) {
            conditions.add("dag_id = :dagId");
        }
        if (filter.event() != null) {
            conditions.add("event = :event");
        }
        if (filter.username() != null) {
            conditions.add("username = :username");
        }
        if (filter.after() != null) {
            conditions.add("event_time >= :after");
        }
        if (filter.before() != null) {
            conditions.add("event_time < :before");
        }
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    private static void bind(SqlStatement<?> statement, Filter filter) {
        if (filter.dagId() != null) {
            statement.bind("dagId", filter.dagId());
        }
        if (filter.event() != null) {
            statement.bind("event", filter.event());
        }
        if (filter.username() != null) {
            statement.bind("username", filter.username());
        }
        if (filter.after() != null) {
            statement.bind("after", filter.after());
        }
        if (filter.before() != null) {
            statement.bind("before", filter.before());
        }
    }
}
