package io.weir.extract.database;

import static java.util.Objects.requireNonNull;

import io.weir.warehouse.load.LoadResult;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What extracting one table did; {@link #xcom()} is what the task returns for it.
 *
 * @param loadType how the table was loaded: the plan's, or sync for an incremental table that was new or changed
 */
public record TableResult(TablePlan plan, LoadKind loadType, LoadResult load) {
    public TableResult {
        requireNonNull(plan, "plan is null");
        requireNonNull(loadType, "loadType is null");
        requireNonNull(load, "load is null");
    }

    public Map<String, Object> xcom() {
        Map<String, Object> xcom = new LinkedHashMap<>();
        xcom.put("table", plan.target().toString());
        xcom.put("record_count", load.rows());
        xcom.put("load_type", loadType.displayName());
        return xcom;
    }

    /** The log line of the table: rows, rows/s and MB/s. */
    public String summary() {
        if (loadType == LoadKind.VALIDATE) {
            return String.format(
                    java.util.Locale.ROOT,
                    "Table %s: %,d source rows of the interval found in %s (validate), none stale",
                    plan.table().name(),
                    load.rows(),
                    plan.target());
        }
        return String.format(
                java.util.Locale.ROOT,
                "Table %s: %,d rows into %s (%s) in %.1f s, %,.0f rows/s, %.2f MB/s%s",
                plan.table().name(),
                load.rows(),
                plan.target(),
                loadType.displayName(),
                load.elapsed().toMillis() / 1000.0,
                load.rowsPerSecond(),
                load.megabytesPerSecond(),
                load.schemaChanges().isEmpty() ? "" : "; " + String.join(", ", load.schemaChanges()));
    }
}
