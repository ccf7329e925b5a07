package io.weir.store.jdbi;

import static java.util.Objects.requireNonNull;

import io.weir.core.state.DagRunState;
import io.weir.core.state.RunType;
import io.weir.store.DagRunRecord;
import io.weir.store.DuplicateRunException;
import io.weir.store.RunQuery;
import io.weir.store.RunRepository;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementException;

/**
 * DAG runs; schedulers claim them with {@code FOR UPDATE SKIP LOCKED}. Locking, finding and updating one run happen on
 * every try, so they are plain JDBC prepared once per connection; the rest go through JDBI.
 */
final class JdbiRunRepository implements RunRepository {
    private static final String SELECT = "SELECT " + Rows.DAG_RUN_COLUMNS + " FROM dag_run";
    private static final String FIND = SELECT + " WHERE dag_id = ? AND run_id = ?";
    private static final String LOCK = SELECT + " WHERE id = ? FOR UPDATE SKIP LOCKED";
    private static final String UPDATE =
            "UPDATE dag_run SET state = ?, start_date = ?, end_date = ? WHERE id = ? AND state = ?";
    private static final String ACTIVE_STATES =
            "('" + DagRunState.QUEUED.label() + "', '" + DagRunState.RUNNING.label() + "')";
    private static final String AUTOMATED_TYPES =
            "('" + RunType.SCHEDULED.label() + "', '" + RunType.BACKFILL.label() + "')";
    private static final String SAVEPOINT = "weir_create_run";

    private final Handle handle;
    private final Dialect dialect;
    private final StatementCache statements;

    JdbiRunRepository(Handle handle, Dialect dialect, StatementCache statements) {
        this.handle = handle;
        this.dialect = dialect;
        this.statements = statements;
    }

    @Override
    public DagRunRecord create(DagRunRecord run) {
        requireNonNull(run, "run is null");
        // Under a savepoint: PostgreSQL would otherwise abort the caller's whole transaction on a duplicate.
        handle.savepoint(SAVEPOINT);
        long id;
        try {
            id = handle.createUpdate("INSERT INTO dag_run (dag_id, run_id, logical_date, data_interval_start,"
                            + " data_interval_end, run_type, state, external_trigger, conf, queued_at, start_date,"
                            + " end_date, owner_job_id) VALUES (:dagId, :runId, :logicalDate, :intervalStart,"
                            + " :intervalEnd, :runType, :state, :externalTrigger, :conf, :queuedAt, :startDate,"
                            + " :endDate, :ownerJobId)")
                    .bind("dagId", run.dagId())
                    .bind("runId", run.runId())
                    .bindByType("logicalDate", run.logicalDate(), Instant.class)
                    .bindByType("intervalStart", run.dataInterval().start(), Instant.class)
                    .bindByType("intervalEnd", run.dataInterval().end(), Instant.class)
                    .bind("runType", run.runType().label())
                    .bind("state", run.state().label())
                    .bind("externalTrigger", run.externalTrigger())
                    .bind("conf", run.conf() == null ? "{}" : run.conf())
                    .bindByType("queuedAt", run.queuedAt(), Instant.class)
                    .bindByType("startDate", run.startDate(), Instant.class)
                    .bindByType("endDate", run.endDate(), Instant.class)
                    .bind("ownerJobId", run.ownerJobId())
                    .executeAndReturnGeneratedKeys("id")
                    .mapTo(Long.class)
                    .one();
            handle.releaseSavepoint(SAVEPOINT);
        } catch (StatementException e) {
            if (!SqlErrors.isUniqueViolation(e)) {
                throw e;
            }
            handle.rollbackToSavepoint(SAVEPOINT);
            throw duplicate(run, e);
        }
        return find(run.dagId(), run.runId()).orElseThrow(() -> new IllegalStateException("run " + id + " vanished"));
    }

    private DuplicateRunException duplicate(DagRunRecord run, StatementException cause) {
        Optional<DagRunRecord> sameDate = findByLogicalDate(run.dagId(), run.logicalDate());
        DuplicateRunException duplicate;
        if (sameDate.isPresent()) {
            duplicate = new DuplicateRunException("DAG " + run.dagId() + " already has a run for " + run.logicalDate()
                    + " (" + sameDate.get().runId() + "); clear that run to run it again or choose another date.");
        } else {
            duplicate = new DuplicateRunException(
                    "DAG " + run.dagId() + " already has a run with id " + run.runId() + "; choose another run id.");
        }
        duplicate.initCause(cause);
        return duplicate;
    }

    @Override
    public Optional<DagRunRecord> find(String dagId, String runId) {
        try {
            PreparedStatement statement = statements.prepare(handle, FIND);
            statement.setString(1, dagId);
            statement.setString(2, runId);
            return one(statement);
        } catch (SQLException e) {
            throw Parameters.failed(FIND, e);
        }
    }

    @Override
    public Optional<DagRunRecord> findByLogicalDate(String dagId, Instant logicalDate) {
        return handle.createQuery(SELECT + " WHERE dag_id = :dagId AND logical_date = :logicalDate")
                .bind("dagId", dagId)
                .bindByType("logicalDate", logicalDate, Instant.class)
                .map(Rows.DAG_RUN)
                .findOne();
    }

    @Override
    public List<DagRunRecord> list(String dagId, DagRunState state, int limit, int offset) {
        Query query = handle.createQuery(
                        SELECT + " WHERE dag_id = :dagId" + (state == null ? "" : " AND state = :state")
                                + " ORDER BY logical_date DESC LIMIT :limit OFFSET :offset")
                .bind("dagId", dagId)
                .bind("limit", limit)
                .bind("offset", offset);
        if (state != null) {
            query.bind("state", state.label());
        }
        return query.map(Rows.DAG_RUN).list();
    }

    @Override
    public int count(String dagId, DagRunState state) {
        Query query = handle.createQuery("SELECT COUNT(*) FROM dag_run WHERE dag_id = :dagId"
                        + (state == null ? "" : " AND state = :state"))
                .bind("dagId", dagId);
        if (state != null) {
            query.bind("state", state.label());
        }
        return query.mapTo(Integer.class).one();
    }

    @Override
    public List<DagRunRecord> between(String dagId, Instant from, Instant to) {
        return handle.createQuery(SELECT + " WHERE dag_id = :dagId AND logical_date >= :from AND logical_date <= :to"
                        + " ORDER BY logical_date")
                .bind("dagId", dagId)
                .bindByType("from", from, Instant.class)
                .bindByType("to", to, Instant.class)
                .map(Rows.DAG_RUN)
                .list();
    }

    @Override
    public Optional<DagRunRecord> latestAutomated(String dagId) {
        return handle.createQuery(SELECT + " WHERE dag_id = :dagId AND run_type IN " + AUTOMATED_TYPES
                        + " ORDER BY logical_date DESC LIMIT 1")
                .bind("dagId", dagId)
                .map(Rows.DAG_RUN)
                .findOne();
    }

    @Override
    public Optional<DagRunRecord> previous(String dagId, Instant logicalDate) {
        return handle.createQuery(SELECT + " WHERE dag_id = :dagId AND logical_date < :logicalDate"
                        + " ORDER BY logical_date DESC LIMIT 1")
                .bind("dagId", dagId)
                .bindByType("logicalDate", logicalDate, Instant.class)
                .map(Rows.DAG_RUN)
                .findOne();
    }

    @Override
    public Optional<DagRunRecord> previousSuccessful(String dagId, Instant logicalDate) {
        return handle.createQuery(SELECT + " WHERE dag_id = :dagId AND logical_date < :logicalDate AND state = :state"
                        + " ORDER BY logical_date DESC LIMIT 1")
                .bind("dagId", dagId)
                .bindByType("logicalDate", logicalDate, Instant.class)
                .bind("state", DagRunState.SUCCESS.label())
                .map(Rows.DAG_RUN)
                .findOne();
    }

    @Override
    public List<DagRunRecord> withState(DagRunState state) {
        return handle.createQuery(SELECT + " WHERE state = :state ORDER BY logical_date, id")
                .bind("state", state.label())
                .map(Rows.DAG_RUN)
                .list();
    }

    @Override
    public List<DagRunRecord> createdAfter(long id) {
        return handle.createQuery(SELECT + " WHERE id > :id ORDER BY id")
                .bind("id", id)
                .map(Rows.DAG_RUN)
                .list();
    }

    @Override
    public long latestId() {
        return handle.createQuery("SELECT COALESCE(MAX(id), 0) FROM dag_run")
                .mapTo(Long.class)
                .one();
    }

    @Override
    public List<DagRunRecord> lockSchedulable(long jobId, Collection<Long> deadJobIds, int limit) {
        String owners = deadJobIds.isEmpty() ? "" : " OR owner_job_id IN (<deadJobIds>)";
        String where =
                "state IN " + ACTIVE_STATES + " AND (owner_job_id IS NULL OR owner_job_id = :jobId" + owners + ")";
        Query query = handle.createQuery(dialect.lockOldestRuns(Rows.DAG_RUN_COLUMNS, where))
                .bind("jobId", jobId)
                .bind("limit", limit);
        if (!deadJobIds.isEmpty()) {
            query.bindList("deadJobIds", List.copyOf(deadJobIds));
        }
        List<DagRunRecord> runs = new ArrayList<>(query.map(Rows.DAG_RUN).list());
        runs.sort(Comparator.comparing(DagRunRecord::logicalDate).thenComparingLong(DagRunRecord::id));
        return runs;
    }

    @Override
    public Optional<DagRunRecord> lock(long id) {
        try {
            PreparedStatement statement = statements.prepare(handle, LOCK);
            statement.setLong(1, id);
            return one(statement);
        } catch (SQLException e) {
            throw Parameters.failed(LOCK, e);
        }
    }

    @Override
    public boolean updateIf(DagRunRecord run, DagRunState expected) {
        try {
            PreparedStatement statement = statements.prepare(handle, UPDATE);
            statement.setString(1, run.state().label());
            Parameters.instant(statement, 2, run.startDate());
            Parameters.instant(statement, 3, run.endDate());
            statement.setLong(4, run.id());
            statement.setString(5, expected.label());
            return statement.executeUpdate() == 1;
        } catch (SQLException e) {
            throw Parameters.failed(UPDATE, e);
        }
    }

    private static Optional<DagRunRecord> one(PreparedStatement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery()) {
            return rs.next() ? Optional.of(Rows.dagRun(rs)) : Optional.empty();
        }
    }

    @Override
    public void setOwner(long id, Long ownerJobId) {
        handle.createUpdate("UPDATE dag_run SET owner_job_id = :ownerJobId WHERE id = :id")
                .bind("ownerJobId", ownerJobId)
                .bind("id", id)
                .execute();
    }

    @Override
    public List<DagRunRecord> list(RunQuery query) {
        String direction = query.descending() ? " DESC" : "";
        String sql = SELECT + where(query) + " ORDER BY " + query.orderBy().column() + direction + ", id" + direction
                + " LIMIT :limit OFFSET :offset";
        return bind(handle.createQuery(sql), query)
                .bind("limit", query.limit())
                .bind("offset", query.offset())
                .map(Rows.DAG_RUN)
                .list();
    }

    @Override
    public int count(RunQuery query) {
        return bind(handle.createQuery("SELECT COUNT(*) FROM dag_run" + where(query)), query)
                .mapTo(Integer.class)
                .one();
    }

    private static String where(RunQuery query) {
        List<String> conditions = new ArrayList<>();
        if (!query.dagIds().isEmpty()) {
            conditions.add("dag_id IN (<dagIds>)");
        }
        if (!query.states().isEmpty()) {
            conditions.add("state IN (<states>)");
        }
        range(conditions, "logical_date", "logical", query.logicalFrom(), query.logicalTo());
        range(conditions, "start_date", "start", query.startFrom(), query.startTo());
        range(conditions, "end_date", "end", query.endFrom(), query.endTo());
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    private static void range(List<String> conditions, String column, String name, Instant from, Instant to) {
        if (from != null) {
            conditions.add(column + " >= :" + name + "From");
        }
        if (to != null) {
            conditions.add(column + " <= :" + name + "To");
        }
    }

    private static Query bind(Query statement, RunQuery query) {
        if (!query.dagIds().isEmpty()) {
            statement.bindList("dagIds", query.dagIds());
        }
        if (!query.states().isEmpty()) {
            statement.bindList(
                    "states", query.states().stream().map(DagRunState::label).toList());
        }
        bindRange(statement, "logical", query.logicalFrom(), query.logicalTo());
        bindRange(statement, "start", query.startFrom(), query.startTo());
        bindRange(statement, "end", query.endFrom(), query.endTo());
        return statement;
    }

    private static void bindRange(Query statement, String name, Instant from, Instant to) {
        if (from != null) {
            statement.bindByType(name + "From", from, Instant.class);
        }
        if (to != null) {
            statement.bindByType(name + "To", to, Instant.class);
        }
    }

    @Override
    public boolean delete(String dagId, String runId) {
        for (String table : List.of("xcom", "task_instance")) {
            handle.createUpdate("DELETE FROM " + table + " WHERE dag_id = :dagId AND run_id = :runId")
                    .bind("dagId", dagId)
                    .bind("runId", runId)
                    .execute();
        }
        return handle.createUpdate("DELETE FROM dag_run WHERE dag_id = :dagId AND run_id = :runId")
                        .bind("dagId", dagId)
                        .bind("runId", runId)
                        .execute()
                > 0;
    }

    @Override
    public int deleteBefore(Instant before) {
        return RunCleanup.delete(handle, before).dagRuns();
    }
}
