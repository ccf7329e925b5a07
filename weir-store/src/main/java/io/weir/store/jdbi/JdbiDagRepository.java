package io.weir.store.jdbi;

import static java.util.Objects.requireNonNull;

import io.weir.store.DagQuery;
import io.weir.store.DagRecord;
import io.weir.store.DagRepository;
import io.weir.store.ImportErrorRecord;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;

/** DAG rows, their tags (one row a tag) and import errors. */
final class JdbiDagRepository implements DagRepository {
    private static final String COLUMNS =
            "dag_id, fileloc, is_paused, is_active, description, schedule, fingerprint, last_parsed";

    private final Handle handle;

    JdbiDagRepository(Handle handle) {
        this.handle = handle;
    }

    @Override
    public void upsert(DagRecord dag, boolean pausedIfNew) {
        requireNonNull(dag, "dag is null");
        SqlErrors.upsert(
                handle,
                () -> handle.createUpdate(
                                "UPDATE dag SET fileloc = :fileloc, is_active = TRUE, description = :description,"
                                        + " schedule = :schedule, fingerprint = :fingerprint, last_parsed = :lastParsed"
                                        + " WHERE dag_id = :dagId")
                        .bind("dagId", dag.dagId())
                        .bind("fileloc", dag.fileloc())
                        .bind("description", dag.description())
                        .bind("schedule", dag.schedule())
                        .bind("fingerprint", dag.fingerprint())
                        .bindByType("lastParsed", dag.lastParsed(), Instant.class)
                        .execute(),
                () -> handle.createUpdate("INSERT INTO dag (" + COLUMNS + ") VALUES (:dagId, :fileloc, :paused, TRUE,"
                                + " :description, :schedule, :fingerprint, :lastParsed)")
                        .bind("dagId", dag.dagId())
                        .bind("fileloc", dag.fileloc())
                        .bind("paused", pausedIfNew)
                        .bind("description", dag.description())
                        .bind("schedule", dag.schedule())
                        .bind("fingerprint", dag.fingerprint())
                        .bindByType("lastParsed", dag.lastParsed(), Instant.class)
                        .execute());
        replaceTags(dag.dagId(), dag.tags());
    }

    private void replaceTags(String dagId, List<String> tags) {
        List<String> stored = handle.createQuery("SELECT name FROM dag_tag WHERE dag_id = :dagId ORDER BY tag_order")
                .bind("dagId", dagId)
                .mapTo(String.class)
                .list();
        List<String> wanted = tags.stream().distinct().toList();
        if (stored.equals(wanted)) {
            return;
        }
        handle.createUpdate("DELETE FROM dag_tag WHERE dag_id = :dagId")
                .bind("dagId", dagId)
                .execute();
        if (wanted.isEmpty()) {
            return;
        }
        PreparedBatch batch =
                handle.prepareBatch("INSERT INTO dag_tag (dag_id, name, tag_order) VALUES (:dagId, :name, :order)");
        for (int order = 0; order < wanted.size(); order++) {
            batch.bind("dagId", dagId)
                    .bind("name", wanted.get(order))
                    .bind("order", order)
                    .add();
        }
        batch.execute();
    }

    @Override
    public Optional<DagRecord> find(String dagId) {
        List<String> tags = handle.createQuery("SELECT name FROM dag_tag WHERE dag_id = :dagId ORDER BY tag_order")
                .bind("dagId", dagId)
                .mapTo(String.class)
                .list();
        return handle.createQuery("SELECT " + COLUMNS + " FROM dag WHERE dag_id = :dagId")
                .bind("dagId", dagId)
                .map((rs, context) -> dag(rs, tags))
                .findOne();
    }

    @Override
    public List<DagRecord> list() {
        Map<String, List<String>> tags = new HashMap<>();
        handle.createQuery("SELECT dag_id, name FROM dag_tag ORDER BY dag_id, tag_order")
                .map((rs, context) -> Map.entry(rs.getString("dag_id"), rs.getString("name")))
                .forEach(tag -> tags.computeIfAbsent(tag.getKey(), id -> new ArrayList<>())
                        .add(tag.getValue()));
        return handle.createQuery("SELECT " + COLUMNS + " FROM dag ORDER BY dag_id")
                .map((rs, context) -> dag(rs, tags.getOrDefault(rs.getString("dag_id"), List.of())))
                .list();
    }

    @Override
    public List<DagRecord> list(DagQuery query) {
        String sql = "SELECT " + COLUMNS + " FROM dag d" + where(query) + " ORDER BY "
                + query.orderBy().column() + (query.descending() ? " DESC" : "") + ", dag_id"
                + (query.descending() ? " DESC" : "") + " LIMIT :limit OFFSET :offset";
        List<DagRecord> untagged = bind(handle.createQuery(sql), query)
                .bind("limit", query.limit())
                .bind("offset", query.offset())
                .map((rs, context) -> dag(rs, List.of()))
                .list();
        if (untagged.isEmpty()) {
            return untagged;
        }
        Map<String, List<String>> tags = new HashMap<>();
        handle.createQuery("SELECT dag_id, name FROM dag_tag WHERE dag_id IN (<ids>) ORDER BY dag_id, tag_order")
                .bindList("ids", untagged.stream().map(DagRecord::dagId).toList())
                .map((rs, context) -> Map.entry(rs.getString("dag_id"), rs.getString("name")))
                .forEach(tag -> tags.computeIfAbsent(tag.getKey(), id -> new ArrayList<>())
                        .add(tag.getValue()));
        return untagged.stream()
                .map(dag -> new DagRecord(
                        dag.dagId(),
                        dag.fileloc(),
                        dag.paused(),
                        dag.active(),
                        dag.description(),
                        dag.schedule(),
                        tags.getOrDefault(dag.dagId(), List.of()),
                        dag.fingerprint(),
                        dag.lastParsed()))
                .toList();
    }

    @Override
    public int count(DagQuery query) {
        return bind(handle.createQuery("SELECT COUNT(*) FROM dag d" + where(query)), query)
                .mapTo(Integer.class)
                .one();
    }

    private static String where(DagQuery query) {
        List<String> conditions = new ArrayList<>();
        if (query.active() != null) {
            conditions.add("is_active = :active");
        }
        if (query.paused() != null) {
            conditions.add("is_paused = :paused");
        }
        if (query.idContains() != null) {
            conditions.add("LOWER(dag_id) LIKE :idPattern ESCAPE '!'");
        }
        if (!query.tags().isEmpty()) {
            conditions.add("EXISTS (SELECT 1 FROM dag_tag t WHERE t.dag_id = d.dag_id AND t.name IN (<tags>))");
        }
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    private static Query bind(Query statement, DagQuery query) {
        if (query.active() != null) {
            statement.bind("active", query.active());
        }
        if (query.paused() != null) {
            statement.bind("paused", query.paused());
        }
        if (query.idContains() != null) {
            String escaped = query.idContains()
                    .toLowerCase(Locale.ROOT)
                    .replace("!", "!!")
                    .replace("%", "!%")
                    .replace("_", "!_");
            statement.bind("idPattern", "%" + escaped + "%");
        }
        if (!query.tags().isEmpty()) {
            statement.bindList("tags", query.tags());
        }
        return statement;
    }

    @Override
    public boolean setPaused(String dagId, boolean paused) {
        return handle.createUpdate("UPDATE dag SET is_paused = :paused WHERE dag_id = :dagId")
                        .bind("paused", paused)
                        .bind("dagId", dagId)
                        .execute()
                > 0;
    }

    @Override
    public boolean delete(String dagId) {
        for (String table : List.of("xcom", "task_instance", "dag_run", "dag_tag")) {
            handle.createUpdate("DELETE FROM " + table + " WHERE dag_id = :dagId")
                    .bind("dagId", dagId)
                    .execute();
        }
        return handle.createUpdate("DELETE FROM dag WHERE dag_id = :dagId")
                        .bind("dagId", dagId)
                        .execute()
                > 0;
    }

    @Override
    public void deactivateAllExcept(Collection<String> present) {
        if (present.isEmpty()) {
            handle.createUpdate("UPDATE dag SET is_active = FALSE WHERE is_active")
                    .execute();
            return;
        }
        handle.createUpdate("UPDATE dag SET is_active = FALSE WHERE is_active AND dag_id NOT IN (<present>)")
                .bindList("present", List.copyOf(present))
                .execute();
    }

    @Override
    public void replaceImportErrors(List<ImportErrorRecord> errors) {
        handle.createUpdate("DELETE FROM import_error").execute();
        if (errors.isEmpty()) {
            return;
        }
        PreparedBatch batch = handle.prepareBatch("INSERT INTO import_error"
                + " (filename, line_number, column_number, message, error_timestamp)"
                + " VALUES (:file, :line, :column, :message, :timestamp)");
        for (ImportErrorRecord error : errors) {
            batch.bind("file", error.file())
                    .bind("line", error.line())
                    .bind("column", error.column())
                    .bind("message", error.message())
                    .bindByType("timestamp", error.timestamp(), Instant.class)
                    .add();
        }
        batch.execute();
    }

    @Override
    public List<ImportErrorRecord> importErrors() {
        return handle.createQuery("SELECT filename, line_number, column_number, message, error_timestamp"
                        + " FROM import_error ORDER BY filename, line_number, column_number, id")
                .map(Rows.IMPORT_ERROR)
                .list();
    }

    private static DagRecord dag(ResultSet rs, List<String> tags) throws SQLException {
        return new DagRecord(
                rs.getString("dag_id"),
                rs.getString("fileloc"),
                rs.getBoolean("is_paused"),
                rs.getBoolean("is_active"),
                rs.getString("description"),
                rs.getString("schedule"),
                tags,
                rs.getString("fingerprint"),
                Rows.instant(rs, "last_parsed"));
    }
}
