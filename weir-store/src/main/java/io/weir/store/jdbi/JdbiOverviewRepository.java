package io.weir.store.jdbi;

import io.weir.core.state.TaskState;
import io.weir.store.DagRunRecord;
import io.weir.store.OverviewRepository;
import io.weir.store.TaskInstanceRecord;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/** Summaries across DAGs in one statement each. */
final class JdbiOverviewRepository implements OverviewRepository {
    private final Handle handle;

    JdbiOverviewRepository(Handle handle) {
        this.handle = handle;
    }

    @Override
    public Map<String, DagRunRecord> latestRuns() {
        Map<String, DagRunRecord> latest = new LinkedHashMap<>();
        handle.createQuery("SELECT " + prefixed("r") + " FROM dag_run r JOIN (SELECT dag_id, MAX(logical_date) AS"
                        + " latest FROM dag_run GROUP BY dag_id) l ON r.dag_id = l.dag_id AND r.logical_date = l.latest"
                        + " ORDER BY r.dag_id")
                .map(Rows.DAG_RUN)
                .forEach(run -> latest.put(run.dagId(), run));
        return latest;
    }

    @Override
    public Map<String, Map<TaskState, Integer>> latestRunTaskStates() {
        Map<String, Map<TaskState, Integer>> counts = new LinkedHashMap<>();
        handle.createQuery("SELECT t.dag_id, t.state, COUNT(*) FROM task_instance t"
                        + " JOIN dag_run r ON t.dag_id = r.dag_id AND t.run_id = r.run_id"
                        + " JOIN (SELECT dag_id, MAX(logical_date) AS latest FROM dag_run GROUP BY dag_id) l"
                        + " ON r.dag_id = l.dag_id AND r.logical_date = l.latest"
                        + " GROUP BY t.dag_id, t.state ORDER BY t.dag_id")
                .map((rs, context) -> {
                    counts.computeIfAbsent(rs.getString(1), dag -> new EnumMap<>(TaskState.class))
                            .put(TaskState.fromLabel(rs.getString(2)), rs.getInt(3));
                    return null;
                })
                .forEach(ignored -> {});
        return counts;
    }

    @Override
    public List<TaskInstanceRecord> taskInstancesOfRuns(String dagId, Collection<String> runIds) {
        if (runIds.isEmpty()) {
            return List.of();
        }
        return handle.createQuery("SELECT " + Rows.TASK_INSTANCE_COLUMNS
                        + " FROM task_instance WHERE dag_id = :dag AND run_id IN (<runs>)")
                .bind("dag", dagId)
                .bindList("runs", List.copyOf(runIds))
                .map(Rows.TASK_INSTANCE)
                .list();
    }

    @Override
    public Map<String, Map<String, TaskState>> taskStatesOfRuns(String dagId, Collection<String> runIds) {
        Map<String, Map<String, TaskState>> states = new HashMap<>();
        if (runIds.isEmpty()) {
            return states;
        }
        handle.createQuery(
                        "SELECT run_id, task_id, state FROM task_instance WHERE dag_id = :dag AND run_id IN (<runs>)")
                .bind("dag", dagId)
                .bindList("runs", List.copyOf(runIds))
                .map((rs, context) -> {
                    states.computeIfAbsent(rs.getString(1), run -> new LinkedHashMap<>())
                            .put(rs.getString(2), TaskState.fromLabel(rs.getString(3)));
                    return null;
                })
                .forEach(ignored -> {});
        return states;
    }

    private static String prefixed(String alias) {
        StringBuilder columns = new StringBuilder();
        for (String column : Rows.DAG_RUN_COLUMNS.split(",")) {
            if (columns.length() > 0) {
                columns.append(", ");
            }
            columns.append(alias).append('.').append(column.strip());
        }
        return columns.toString();
    }
}
