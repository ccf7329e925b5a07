package io.weir.store.jdbi;

import static java.util.Objects.requireNonNull;

import io.weir.store.TaskStateRepository;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Task states in {@code task_state}. */
final class JdbiTaskStateRepository implements TaskStateRepository {
    private final Handle handle;

    JdbiTaskStateRepository(Handle handle) {
        this.handle = handle;
    }

    @Override
    public Optional<String> get(String dagId, String taskId) {
        return handle.createQuery("SELECT state_value FROM task_state WHERE dag_id = :dag AND task_id = :task")
                .bind("dag", dagId)
                .bind("task", taskId)
                .mapTo(String.class)
                .findOne();
    }

    @Override
    public void put(String dagId, String taskId, String value, String runId, Instant at) {
        requireNonNull(value, "value is null");
        SqlErrors.upsert(
                handle,
                () -> handle.createUpdate("UPDATE task_state SET state_value = :value, run_id = :run, updated_at = :at"
                                + " WHERE dag_id = :dag AND task_id = :task")
                        .bind("dag", dagId)
                        .bind("task", taskId)
                        .bind("value", value)
                        .bind("run", runId)
                        .bind("at", at.atOffset(ZoneOffset.UTC))
                        .execute(),
                () -> handle.createUpdate("INSERT INTO task_state (dag_id, task_id, state_value, run_id, updated_at)"
                                + " VALUES (:dag, :task, :value, :run, :at)")
                        .bind("dag", dagId)
                        .bind("task", taskId)
                        .bind("value", value)
                        .bind("run", runId)
                        .bind("at", at.atOffset(ZoneOffset.UTC))
                        .execute());
    }

    @Override
    public boolean delete(String dagId, String taskId) {
        return handle.createUpdate("DELETE FROM task_state WHERE dag_id = :dag AND task_id = :task")
                        .bind("dag", dagId)
                        .bind("task", taskId)
                        .execute()
                > 0;
    }
}
