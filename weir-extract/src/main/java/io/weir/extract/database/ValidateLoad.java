package io.weir.extract.database;

import io.weir.core.task.TaskFailure;
import io.weir.warehouse.QueryResult;
import io.weir.warehouse.Warehouse;
import io.weir.warehouse.WarehouseSession;
import io.weir.warehouse.load.LoadMode;
import io.weir.warehouse.load.LoadResult;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The validate load type: the source's ids of the run's interval (and their {@code updated_at} where the query gives
 * one) are compared with the RAW table's; ids missing from RAW, or older there, fail the task listing them. Nothing
 * is written. The interval's ids are held in memory, so validate one interval at a time.
 */
final class ValidateLoad {
    private static final int SHOWN = 20;
    private static final int CHUNK = 1000;
    private static final String UPDATED_AT = "updated_at";

    private final TablePlan plan;
    private final SourceConnections.Target source;
    private final SourceDriver driver;
    private final Warehouse warehouse;
    private final String where;

    ValidateLoad(
            TablePlan plan, SourceConnections.Target source, SourceDriver driver, Warehouse warehouse, String where) {
        this.plan = plan;
        this.source = source;
        this.driver = driver;
        this.warehouse = warehouse;
        this.where = where;
    }

    LoadResult run() throws SQLException {
        long started = System.nanoTime();
        List<String> key = plan.table().primaryKey();
        if (key.size() != 1) {
            throw new TaskFailure(
                    "Validating " + where + " compares one key column, but export_table_primary_key is "
                            + String.join(", ", key) + "; name one column",
                    false);
        }
        String column = key.get(0).toLowerCase(Locale.ROOT);
        Map<String, LocalDateTime> sourceRows = new LinkedHashMap<>();
        boolean hasUpdatedAt;
        try (Connection connection = SourceConnections.open(source);
                Statement statement = connection.createStatement()) {
            statement.setFetchSize(10_000);
            try (ResultSet results = statement.executeQuery(plan.query())) {
                List<String> names = SourceTypes.columns(driver, results.getMetaData()).stream()
                        .map(sourceColumn -> sourceColumn.column().name())
                        .toList();
                int keyIndex = names.indexOf(column) + 1;
                if (keyIndex == 0) {
                    throw new TaskFailure(
                            "Validating " + where + ": the query gives no column " + column + " (its key); it gives "
                                    + String.join(", ", names),
                            false);
                }
                int updatedIndex = names.indexOf(UPDATED_AT) + 1;
                hasUpdatedAt = updatedIndex > 0;
                while (results.next()) {
                    sourceRows.put(
                            results.getString(keyIndex), hasUpdatedAt ? time(results.getObject(updatedIndex)) : null);
                }
            }
        }
        List<String> missing = new ArrayList<>();
        List<String> stale = new ArrayList<>();
        try (WarehouseSession session = warehouse.session()) {
            if (session.relationKind(plan.target()).isEmpty()) {
                throw new TaskFailure(
                        "Validating " + where + ": " + plan.target() + " does not exist; extract the table first",
                        false);
            }
            List<String> ids = new ArrayList<>(sourceRows.keySet());
            for (int from = 0; from < ids.size(); from += CHUNK) {
                List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
                Map<String, LocalDateTime> raw = raw(session, column, hasUpdatedAt, chunk);
                for (String id : chunk) {
                    if (!raw.containsKey(id)) {
                        missing.add(id);
                    } else if (hasUpdatedAt
                            && sourceRows.get(id) != null
                            && (raw.get(id) == null || raw.get(id).isBefore(sourceRows.get(id)))) {
                        stale.add(id);
                    }
                }
            }
        }
        if (!missing.isEmpty() || !stale.isEmpty()) {
            throw new TaskFailure(
                    "Validating " + where + " against " + plan.target() + " for the run's interval failed: "
                            + describe(missing, "missing from RAW", sourceRows.size())
                            + (missing.isEmpty() || stale.isEmpty() ? "" : "; ")
                            + describe(stale, "stale in RAW (an older updated_at)", sourceRows.size())
                            + "; rerun the extract for this interval (a backfill) to repair it",
                    false);
        }
        return new LoadResult(
                plan.target(),
                LoadMode.APPEND,
                sourceRows.size(),
                0,
                Duration.ofNanos(System.nanoTime() - started),
                List.of());
    }

    private Map<String, LocalDateTime> raw(
            WarehouseSession session, String column, boolean hasUpdatedAt, List<String> ids) {
        String quoted = session.dialect().quote(column);
        String sql = "select cast(" + quoted + " as varchar)"
                + (hasUpdatedAt ? ", max(" + session.dialect().quote(UPDATED_AT) + ")" : "")
                + " from " + plan.target().render(session.dialect())
                + " where cast(" + quoted + " as varchar) in ("
                + ids.stream().map(id -> session.dialect().literal(id)).collect(Collectors.joining(", "))
                + ") group by " + quoted;
        QueryResult result = session.query(sql);
        Map<String, LocalDateTime> rows = new LinkedHashMap<>();
        for (List<Object> row : result.rows()) {
            rows.put(String.valueOf(row.get(0)), hasUpdatedAt ? time(row.get(1)) : null);
        }
        return rows;
    }

    private static String describe(List<String> ids, String what, int total) {
        if (ids.isEmpty()) {
            return "";
        }
        return ids.size() + " of " + total + " ids " + what + " ("
                + String.join(", ", ids.subList(0, Math.min(SHOWN, ids.size())))
                + (ids.size() > SHOWN ? ", ..." : "") + ")";
    }

    /** A time as UTC wall-clock time, whichever way a driver returns it, or null. */
    static LocalDateTime time(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof LocalDateTime local) {
            return local;
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toLocalDateTime();
        }
        String text = value.toString().strip().replace(' ', 'T');
        if (text.length() == 10) {
            text += "T00:00";
        }
        try {
            return OffsetDateTime.parse(text)
                    .withOffsetSameInstant(ZoneOffset.UTC)
                    .toLocalDateTime();
        } catch (java.time.format.DateTimeParseException notOffset) {
            return LocalDateTime.parse(text);
        }
    }
}
