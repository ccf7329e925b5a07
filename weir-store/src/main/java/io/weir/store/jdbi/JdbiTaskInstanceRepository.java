package io.weir.store.jdbi;

import io.weir.core.state.TaskState;
import io.weir.store.PoolRecord;
import io.weir.store.TaskInstanceRecord;
import io.weir.store.TaskInstanceRepository;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Task instances; the scheduler's hot path. The statements every try runs (claim, finish, reading its run) are plain
 * JDBC prepared once per connection; the rest go through JDBI.
 */
final class JdbiTaskInstanceRepository implements TaskInstanceRepository {
    private static final String SELECT = "SELECT " + Rows.TASK_INSTANCE_COLUMNS + " FROM task_instance";
    private static final String ACTIVE_STATES =
            "('" + TaskState.QUEUED.label() + "', '" + TaskState.RUNNING.label() + "')";
    private static final String INSERT = "INSERT INTO task_instance (" + Rows.TASK_INSTANCE_COLUMNS + ") VALUES"
            + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String UPDATE = "UPDATE task_instance SET state = ?, try_number = ?, max_tries = ?,"
            + " queued_at = ?, start_date = ?, end_date = ?, next_retry_at = ?, pool = ?, pool_slots = ?,"
            + " priority_weight = ?, operator = ?, hostname = ?, job_id = ?, pid = ?, pid_started_at = ?"
            + " WHERE dag_id = ? AND run_id = ? AND task_id = ?";
    private static final String UPDATE_IF_STATE = UPDATE + " AND state = ?";
    private static final String IF_JOB = " AND job_id = ?";
    /** By whether the try number (2) and the job (1) are compared too; built once, as they run on every state change. */
    private static final String[] COMPARE_AND_SET = {
        UPDATE_IF_STATE,
        UPDATE_IF_STATE + IF_JOB,
        UPDATE_IF_STATE + " AND try_number = ?",
        UPDATE_IF_STATE + " AND try_number = ?" + IF_JOB
    };
    /**
     * A try's end and, only if the end was written, the claim of the next instance: one PostgreSQL statement, so one
     * round trip and one implicit transaction.
     */
    static final String END_AND_CLAIM = "WITH ended AS (" + COMPARE_AND_SET[1] + " RETURNING 1),"
            + " claimed AS (" + COMPARE_AND_SET[2] + " AND EXISTS (SELECT 1 FROM ended) RETURNING 1)"
            + " SELECT (SELECT COUNT(*) FROM ended), (SELECT COUNT(*) FROM claimed)";

    private static final String FOR_RUN = SELECT + " WHERE dag_id = ? AND run_id = ?";
    private static final String FIND = FOR_RUN + " AND task_id = ?";
    private static final String COUNT_UNFINISHED = "SELECT COUNT(*) FROM task_instance WHERE dag_id = ? AND run_id = ?"
            + " AND state NOT IN ('success', 'failed', 'skipped', 'upstream_failed', 'removed')";

    private final Handle handle;
    private final StatementCache statements;

    JdbiTaskInstanceRepository(Handle handle, StatementCache statements) {
        this.handle = handle;
        this.statements = statements;
    }

    @Override
    public void insertAll(Collection<TaskInstanceRecord> instances) {
        if (instances.isEmpty()) {
            return;
        }
        try {
            PreparedStatement statement = statements.prepare(handle, INSERT);
            statement.clearBatch();
            for (TaskInstanceRecord instance : instances) {
                bindKey(statement, 1, instance);
                bindValues(statement, 4, instance);
                statement.addBatch();
            }
            statement.executeBatch();
        } catch (SQLException e) {
            throw Parameters.failed(INSERT, e);
        }
    }

    @Override
    public List<TaskInstanceRecord> forRun(String dagId, String runId) {
        try {
            PreparedStatement statement = statements.prepare(handle, FOR_RUN);
            statement.setString(1, dagId);
            statement.setString(2, runId);
            List<TaskInstanceRecord> instances = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    instances.add(Rows.taskInstance(rs));
                }
            }
            return instances;
        } catch (SQLException e) {
            throw Parameters.failed(FOR_RUN, e);
        }
    }

    @Override
    public Optional<TaskInstanceRecord> find(String dagId, String runId, String taskId) {
        try {
            PreparedStatement statement = statements.prepare(handle, FIND);
            statement.setString(1, dagId);
            statement.setString(2, runId);
            statement.setString(3, taskId);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Optional.of(Rows.taskInstance(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw Parameters.failed(FIND, e);
        }
    }

    @Override
    public void updateAll(Collection<TaskInstanceRecord> instances) {
        if (instances.isEmpty()) {
            return;
        }
        try {
            PreparedStatement statement = statements.prepare(handle, UPDATE);
            statement.clearBatch();
            for (TaskInstanceRecord instance : instances) {
                bindValues(statement, 1, instance);
                bindKey(statement, 16, instance);
                statement.addBatch();
            }
            statement.executeBatch();
        } catch (SQLException e) {
            throw Parameters.failed(UPDATE, e);
        }
    }

    @Override
    public boolean updateIf(TaskInstanceRecord next, TaskState expected, Long expectedJobId) {
        return compareAndSet(next, expected, expectedJobId, null);
    }

    @Override
    public boolean claimIf(TaskInstanceRecord next, TaskState expected, Long expectedJobId, int expectedTryNumber) {
        return compareAndSet(next, expected, expectedJobId, expectedTryNumber);
    }

    /** Writes {@code next} if the stored row has the expected state and, where given, job and try number. */
    private boolean compareAndSet(
            TaskInstanceRecord next, TaskState expected, Long expectedJobId, Integer expectedTryNumber) {
        String sql = COMPARE_AND_SET[(expectedTryNumber == null ? 0 : 2) + (expectedJobId == null ? 0 : 1)];
        try {
            PreparedStatement statement = statements.prepare(handle, sql);
            bindValues(statement, 1, next);
            bindKey(statement, 16, next);
            statement.setString(19, expected.label());
            int index = 20;
            if (expectedTryNumber != null) {
                statement.setInt(index++, expectedTryNumber);
            }
            if (expectedJobId != null) {
                statement.setLong(index, expectedJobId);
            }
            return statement.executeUpdate() > 0;
        } catch (SQLException e) {
            throw Parameters.failed(sql, e);
        }
    }

    /** How many parameters {@link #END_AND_CLAIM} takes. */
    static final int END_AND_CLAIM_PARAMETERS = 40;

    /** Binds one {@link #END_AND_CLAIM} from parameter {@code offset + 1} on. */
    static void bindEndAndClaim(
            PreparedStatement statement,
            int offset,
            TaskInstanceRecord ended,
            long jobId,
            TaskInstanceRecord claim,
            int claimTry)
            throws SQLException {
        bindValues(statement, offset + 1, ended);
        bindKey(statement, offset + 16, ended);
        statement.setString(offset + 19, TaskState.RUNNING.label());
        statement.setLong(offset + 20, jobId);
        bindValues(statement, offset + 21, claim);
        bindKey(statement, offset + 36, claim);
        statement.setString(offset + 39, TaskState.SCHEDULED.label());
        statement.setInt(offset + 40, claimTry);
    }

    @Override
    public List<TaskInstanceRecord> withStates(Collection<TaskState> states) {
        if (states.isEmpty()) {
            return List.of();
        }
        return handle.createQuery(SELECT + " WHERE state IN (<states>)")
                .bindList("states", states.stream().map(TaskState::label).toList())
                .map(Rows.TASK_INSTANCE)
                .list();
    }

    @Override
    public List<TaskInstanceRecord> activeForJobs(Collection<Long> jobIds) {
        if (jobIds.isEmpty()) {
            return List.of();
        }
        return handle.createQuery(SELECT + " WHERE job_id IN (<jobIds>) AND state IN " + ACTIVE_STATES)
                .bindList("jobIds", List.copyOf(jobIds))
                .map(Rows.TASK_INSTANCE)
                .list();
    }

    @Override
    public int countUnfinished(String dagId, String runId) {
        try {
            PreparedStatement statement = statements.prepare(handle, COUNT_UNFINISHED);
            statement.setString(1, dagId);
            statement.setString(2, runId);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw Parameters.failed(COUNT_UNFINISHED, e);
        }
    }

    @Override
    public Map<String, Integer> occupiedPoolSlots() {
        return countBy(
                "SELECT pool, SUM(pool_slots) FROM task_instance WHERE state IN " + ACTIVE_STATES + " GROUP BY pool");
    }

    @Override
    public Map<String, Integer> activeCountByDag() {
        return countBy(
                "SELECT dag_id, COUNT(*) FROM task_instance WHERE state IN " + ACTIVE_STATES + " GROUP BY dag_id");
    }

    @Override
    public List<TaskInstanceRecord> forTask(String dagId, String taskId, int limit) {
        return handle.createQuery("SELECT " + qualified("t") + " FROM task_instance t JOIN dag_run r"
                        + " ON r.dag_id = t.dag_id AND r.run_id = t.run_id"
                        + " WHERE t.dag_id = :dagId AND t.task_id = :taskId"
                        + " ORDER BY r.logical_date DESC LIMIT :limit")
                .bind("dagId", dagId)
                .bind("taskId", taskId)
                .bind("limit", limit)
                .map(Rows.TASK_INSTANCE)
                .list();
    }

    private Map<String, Integer> countBy(String sql) {
        Map<String, Integer> counts = new HashMap<>();
        handle.createQuery(sql)
                .map((rs, context) -> Map.entry(rs.getString(1), (int) rs.getLong(2)))
                .forEach(entry -> counts.put(entry.getKey(), entry.getValue()));
        return counts;
    }

    /** Binds dag, run and task id at {@code first} and the two positions after it. */
    private static void bindKey(PreparedStatement statement, int first, TaskInstanceRecord instance)
            throws SQLException {
        statement.setString(first, instance.dagId());
        statement.setString(first + 1, instance.runId());
        statement.setString(first + 2, instance.taskId());
    }

    /** Binds the fifteen columns after the key, from state to pid_started_at, starting at {@code first}. */
    private static void bindValues(PreparedStatement statement, int first, TaskInstanceRecord instance)
            throws SQLException {
        int index = first;
        statement.setString(index++, instance.state().label());
        statement.setInt(index++, instance.tryNumber());
        statement.setInt(index++, instance.maxTries());
        Parameters.instant(statement, index++, instance.queuedAt());
        Parameters.instant(statement, index++, instance.startDate());
        Parameters.instant(statement, index++, instance.endDate());
        Parameters.instant(statement, index++, instance.nextRetryAt());
        statement.setString(index++, instance.pool() == null ? PoolRecord.DEFAULT_POOL : instance.pool());
        statement.setInt(index++, instance.poolSlots());
        statement.setInt(index++, instance.priorityWeight());
        Parameters.nullableString(statement, index++, instance.operator());
        Parameters.nullableString(statement, index++, instance.hostname());
        Parameters.nullableLong(statement, index++, instance.jobId());
        Parameters.nullableLong(statement, index++, instance.pid());
        Parameters.instant(statement, index, instance.pidStartedAt());
    }

    private static String qualified(String alias) {
        return alias + "." + Rows.TASK_INSTANCE_COLUMNS.replace(", ", ", " + alias + ".");
    }
}
