package io.weir.store.jdbi;

import io.weir.core.state.TaskState;
import io.weir.store.PoolRecord;
import io.weir.store.TaskInstanceRecord;
import io.weir.store.TaskInstanceRepository;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.Update;

/** Task instances; the scheduler's hot path, so writes go in prepared batches and reads use the state index. */
final class JdbiTaskInstanceRepository implements TaskInstanceRepository {
    private static final String SELECT = "SELECT " + Rows.TASK_INSTANCE_COLUMNS + " FROM task_instance";
    private static final String ACTIVE_STATES =
            "('" + TaskState.QUEUED.label() + "', '" + TaskState.RUNNING.label() + "')";
    private static final String INSERT = "INSERT INTO task_instance (" + Rows.TASK_INSTANCE_COLUMNS + ") VALUES"
            + " (:dagId, :runId, :taskId, :state, :tryNumber, :maxTries, :queuedAt, :startDate, :endDate,"
            + " :nextRetryAt, :pool, :poolSlots, :priorityWeight, :operator, :hostname, :jobId, :pid, :pidStartedAt)";
    private static final String UPDATE = "UPDATE task_instance SET state = :state, try_number = :tryNumber,"
            + " max_tries = :maxTries, queued_at = :queuedAt, start_date = :startDate, end_date = :endDate,"
            + " next_retry_at = :nextRetryAt, pool = :pool, pool_slots = :poolSlots,"
            + " priority_weight = :priorityWeight, operator = :operator, hostname = :hostname, job_id = :jobId,"
            + " pid = :pid, pid_started_at = :pidStartedAt"
            + " WHERE dag_id = :dagId AND run_id = :runId AND task_id = :taskId";

    private final Handle handle;

    JdbiTaskInstanceRepository(Handle handle) {
        this.handle = handle;
    }

    @Override
    public void insertAll(Collection<TaskInstanceRecord> instances) {
        executeBatch(INSERT, instances);
    }

    @Override
    public List<TaskInstanceRecord> forRun(String dagId, String runId) {
        return handle.createQuery(SELECT + " WHERE dag_id = :dagId AND run_id = :runId")
                .bind("dagId", dagId)
                .bind("runId", runId)
                .map(Rows.TASK_INSTANCE)
                .list();
    }

    @Override
    public Optional<TaskInstanceRecord> find(String dagId, String runId, String taskId) {
        return handle.createQuery(SELECT + " WHERE dag_id = :dagId AND run_id = :runId AND task_id = :taskId")
                .bind("dagId", dagId)
                .bind("runId", runId)
                .bind("taskId", taskId)
                .map(Rows.TASK_INSTANCE)
                .findOne();
    }

    @Override
    public void updateAll(Collection<TaskInstanceRecord> instances) {
        executeBatch(UPDATE, instances);
    }

    @Override
    public boolean updateIf(TaskInstanceRecord next, TaskState expected, Long expectedJobId) {
        String owner = expectedJobId == null ? "" : " AND job_id = :expectedJobId";
        Update update = handle.createUpdate(UPDATE + " AND state = :expected" + owner);
        bindAll(update, next).bind("expected", expected.label());
        if (expectedJobId != null) {
            update.bind("expectedJobId", expectedJobId);
        }
        return update.execute() > 0;
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
        return handle.createQuery("SELECT COUNT(*) FROM task_instance WHERE dag_id = :dagId AND run_id = :runId"
                        + " AND state NOT IN ('success', 'failed', 'skipped', 'upstream_failed', 'removed')")
                .bind("dagId", dagId)
                .bind("runId", runId)
                .mapTo(Integer.class)
                .one();
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

    private void executeBatch(String sql, Collection<TaskInstanceRecord> instances) {
        if (instances.isEmpty()) {
            return;
        }
        PreparedBatch batch = handle.prepareBatch(sql);
        for (TaskInstanceRecord instance : instances) {
            bindAll(batch, instance).add();
        }
        batch.execute();
    }

    private static <S extends SqlStatement<S>> S bindAll(S statement, TaskInstanceRecord instance) {
        return statement
                .bind("dagId", instance.dagId())
                .bind("runId", instance.runId())
                .bind("taskId", instance.taskId())
                .bind("state", instance.state().label())
                .bind("tryNumber", instance.tryNumber())
                .bind("maxTries", instance.maxTries())
                .bindByType("queuedAt", instance.queuedAt(), Instant.class)
                .bindByType("startDate", instance.startDate(), Instant.class)
                .bindByType("endDate", instance.endDate(), Instant.class)
                .bindByType("nextRetryAt", instance.nextRetryAt(), Instant.class)
                .bind("pool", instance.pool() == null ? PoolRecord.DEFAULT_POOL : instance.pool())
                .bind("poolSlots", instance.poolSlots())
                .bind("priorityWeight", instance.priorityWeight())
                .bind("operator", instance.operator())
                .bind("hostname", instance.hostname())
                .bind("jobId", instance.jobId())
                .bind("pid", instance.pid())
                .bindByType("pidStartedAt", instance.pidStartedAt(), Instant.class);
    }

    private static String qualified(String alias) {
        return alias + "." + Rows.TASK_INSTANCE_COLUMNS.replace(", ", ", " + alias + ".");
    }
}
