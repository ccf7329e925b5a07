package io.weir.store.jdbi;

import static java.util.Objects.requireNonNull;

import io.weir.store.XComRecord;
import io.weir.store.XComRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/** XCom values keyed by (dag, run, task, key). */
final class JdbiXComRepository implements XComRepository {
    private static final String SELECT = "SELECT dag_id, run_id, task_id, xcom_key, value_json, created_at FROM xcom";
    private static final String TASK = " WHERE dag_id = :dagId AND run_id = :runId AND task_id = :taskId";

    private final Handle handle;

    JdbiXComRepository(Handle handle) {
        this.handle = handle;
    }

    @Override
    public void put(XComRecord xcom) {
        requireNonNull(xcom, "xcom is null");
        requireNonNull(xcom.timestamp(), "xcom timestamp is null");
        SqlErrors.upsert(
                handle,
                () -> handle.createUpdate("UPDATE xcom SET value_json = :value, created_at = :timestamp" + TASK
                                + " AND xcom_key = :key")
                        .bind("dagId", xcom.dagId())
                        .bind("runId", xcom.runId())
                        .bind("taskId", xcom.taskId())
                        .bind("key", xcom.key())
                        .bind("value", xcom.valueJson())
                        .bindByType("timestamp", xcom.timestamp(), Instant.class)
                        .execute(),
                () -> handle.createUpdate("INSERT INTO xcom (dag_id, run_id, task_id, xcom_key, value_json, created_at)"
                                + " VALUES (:dagId, :runId, :taskId, :key, :value, :timestamp)")
                        .bind("dagId", xcom.dagId())
                        .bind("runId", xcom.runId())
                        .bind("taskId", xcom.taskId())
                        .bind("key", xcom.key())
                        .bind("value", xcom.valueJson())
                        .bindByType("timestamp", xcom.timestamp(), Instant.class)
                        .execute());
    }

    @Override
    public Optional<XComRecord> get(String dagId, String runId, String taskId, String key) {
        return handle.createQuery(SELECT + TASK + " AND xcom_key = :key")
                .bind("dagId", dagId)
                .bind("runId", runId)
                .bind("taskId", taskId)
                .bind("key", key)
                .map(Rows.XCOM)
                .findOne();
    }

    @Override
    public List<XComRecord> forTask(String dagId, String runId, String taskId) {
        return handle.createQuery(SELECT + TASK + " ORDER BY xcom_key")
                .bind("dagId", dagId)
                .bind("runId", runId)
                .bind("taskId", taskId)
                .map(Rows.XCOM)
                .list();
    }

    @Override
    public List<XComRecord> list(String dagId, String runId, String taskId, int limit, int offset) {
        Query query = handle.createQuery(SELECT + where(dagId, runId, taskId)
                        + " ORDER BY dag_id, run_id, task_id, xcom_key LIMIT :limit OFFSET :offset")
                .bind("limit", limit)
                .bind("offset", offset);
        return bindIds(query, dagId, runId, taskId).map(Rows.XCOM).list();
    }

    @Override
    public int count(String dagId, String runId, String taskId) {
        Query query = handle.createQuery("SELECT COUNT(*) FROM xcom" + where(dagId, runId, taskId));
        return bindIds(query, dagId, runId, taskId).mapTo(Integer.class).one();
    }

    private static String where(String dagId, String runId, String taskId) {
        List<String> conditions = new ArrayList<>();
        if (dagId != null) {
            conditions.add("dag_id = :dagId");
        }
        if (runId != null) {
            conditions.add("run_id = :runId");
        }
        if (taskId != null) {
            conditions.add("task_id = :taskId");
        }
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    private static Query bindIds(Query query, String dagId, String runId, String taskId) {
        if (dagId != null) {
            query.bind("dagId", dagId);
        }
        if (runId != null) {
            query.bind("runId", runId);
        }
        if (taskId != null) {
            query.bind("taskId", taskId);
        }
        return query;
    }

    @Override
    public void clear(String dagId, String runId, String taskId) {
        handle.createUpdate("DELETE FROM xcom" + TASK)
                .bind("dagId", dagId)
                .bind("runId", runId)
                .bind("taskId", taskId)
                .execute();
    }
}
