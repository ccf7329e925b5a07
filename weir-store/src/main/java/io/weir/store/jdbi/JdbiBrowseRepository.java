package io.weir.store.jdbi;

import io.weir.store.BrowseRepository;
import io.weir.store.DagRunRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.SqlStatement;

/** Runs and task instances across DAGs, each page one statement; filters are bound, sort columns chosen from a list. */
final class JdbiBrowseRepository implements BrowseRepository {
    private static final String TASK_INSTANCES =
            " FROM task_instance t JOIN dag_run r" + " ON r.dag_id = t.dag_id AND r.run_id = t.run_id";

    private final Handle handle;

    JdbiBrowseRepository(Handle handle) {
        this.handle = handle;
    }

    @Override
    public List<DagRunRecord> runs(Filter filter, Sort sort, int limit, int offset) {
        Where where = Where.of(filter, false);
        String sql = "SELECT " + prefixed("r", Rows.DAG_RUN_COLUMNS) + " FROM dag_run r" + where.sql
                + order(sort, false) + " LIMIT :limit OFFSET :offset";
        return where.bind(handle.createQuery(sql))
                .bind("limit", limit)
                .bind("offset", offset)
                .map(Rows.DAG_RUN)
                .list();
    }

    @Override
    public int countRuns(Filter filter) {
        Where where = Where.of(filter, false);
        return where.bind(handle.createQuery("SELECT COUNT(*) FROM dag_run r" + where.sql))
                .mapTo(Integer.class)
                .one();
    }

    @Override
    public List<BrowsedTaskInstance> taskInstances(Filter filter, Sort sort, int limit, int offset) {
        Where where = Where.of(filter, true);
        String sql = "SELECT " + prefixed("t", Rows.TASK_INSTANCE_COLUMNS) + ", r.logical_date" + TASK_INSTANCES
                + where.sql + order(sort, true) + " LIMIT :limit OFFSET :offset";
        int logicalDateColumn = Rows.TASK_INSTANCE_COLUMNS.split(",").length + 1;
        return where.bind(handle.createQuery(sql))
                .bind("limit", limit)
                .bind("offset", offset)
                .map((rs, context) ->
                        new BrowsedTaskInstance(Rows.taskInstance(rs), Rows.instant(rs, logicalDateColumn)))
                .list();
    }

    @Override
    public int countTaskInstances(Filter filter) {
        Where where = Where.of(filter, true);
        return where.bind(handle.createQuery("SELECT COUNT(*)" + TASK_INSTANCES + where.sql))
                .mapTo(Integer.class)
                .one();
    }

    /** ORDER BY the chosen column, then a unique key so that pages neither repeat nor skip rows. */
    private static String order(Sort sort, boolean taskInstances) {
        String direction = sort.descending() ? " DESC" : " ASC";
        String column =
                switch (sort.column()) {
                    case "task_id" -> taskInstances ? "t.task_id" : "r.run_id";
                    case "state" -> taskInstances ? "t.state" : "r.state";
                    case "start_date" -> taskInstances ? "t.start_date" : "r.start_date";
                    case "end_date" -> taskInstances ? "t.end_date" : "r.end_date";
                    case "dag_id", "run_id", "run_type" -> "r." + sort.column();
                    default -> "r.logical_date";
                };
        return " ORDER BY " + column + direction + ", r.dag_id" + direction + ", r.logical_date" + direction
                + (taskInstances ? ", t.task_id" + direction : "");
    }

    private static String prefixed(String alias, String columns) {
        List<String> names = new ArrayList<>();
        for (String column : columns.split(",")) {
            names.add(alias + "." + column.strip());
        }
        return String.join(", ", names);
    }

    /** The WHERE clause of a filter and the values it binds. */
    private record Where(String sql, Map<String, Object> values) {
        static Where of(Filter filter, boolean taskInstances) {
            List<String> conditions = new ArrayList<>();
            Map<String, Object> values = new LinkedHashMap<>();
            if (filter.dagId() != null) {
                conditions.add("r.dag_id = :dagId");
                values.put("dagId", filter.dagId());
            }
            if (filter.runState() != null) {
                conditions.add("r.state = :runState");
                values.put("runState", filter.runState().label());
            }
            if (taskInstances && filter.taskState() != null) {
                conditions.add("t.state = :taskState");
                values.put("taskState", filter.taskState().label());
            }
            if (filter.runType() != null) {
                conditions.add("r.run_type = :runType");
                values.put("runType", filter.runType().label());
            }
            if (filter.from() != null) {
                conditions.add("r.logical_date >= :from");
                values.put("from", filter.from());
            }
            if (filter.to() != null) {
                conditions.add("r.logical_date <= :to");
                values.put("to", filter.to());
            }
            return new Where(conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions), values);
        }

        <T extends SqlStatement<T>> T bind(T statement) {
            values.forEach((name, value) -> {
                if (value instanceof Instant instant) {
                    statement.bindByType(name, instant, Instant.class);
                } else {
                    statement.bind(name, (String) value);
                }
            });
            return statement;
        }
    }
}
