package io.weir.store.jdbi;

import io.weir.store.DagRunRecord;
import io.weir.store.OverviewRepository;
import java.util.LinkedHashMap;
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
