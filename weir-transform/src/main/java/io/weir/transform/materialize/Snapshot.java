package io.weir.transform.materialize;

import io.weir.transform.TransformException;
import io.weir.transform.project.Node;
import io.weir.transform.run.NodeOutcome;
import io.weir.transform.run.NodeStatus;
import io.weir.warehouse.Column;
import io.weir.warehouse.Relation;
import io.weir.warehouse.RelationKind;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A snapshot's run: the first creates the table from the query with {@code dbt_scd_id}, {@code dbt_updated_at},
 * {@code dbt_valid_from} and {@code dbt_valid_to}; later runs close the current version of every changed (and, when
 * asked, vanished) row and insert the new versions, in one transaction. Columns new in the query are added first.
 */
final class Snapshot {
    private static final String SOURCE = "dbt_snapshot_source";
    private static final String CURRENT = "dbt_snapshot_current";

    private final Ddl ddl;

    Snapshot(Ddl ddl) {
        this.ddl = ddl;
    }

    NodeOutcome run(Node node, String select) {
        SnapshotConfig config = SnapshotConfig.of(node.config());
        Relation target = node.relation();
        String now = "cast(" + ddl.dialect().literal(snapshotTime()) + " as "
                + ddl.dialect().timestampType() + ")";
        ddl.session().createSchemaIfMissing(target.database(), target.schema());
        Optional<RelationKind> existing = ddl.kind(target);
        if (existing.isPresent() && existing.get() == RelationKind.VIEW) {
            throw new TransformException("cannot snapshot into " + target + ": it is a view; drop it first");
        }
        long rows = existing.isEmpty() ? create(target, select, config, now) : update(target, select, config, now);
        String message = ddl.response((existing.isEmpty() ? "SELECT " : "INSERT 0 ") + rows);
        return new NodeOutcome(NodeStatus.SUCCESS, message, message, rows, null);
    }

    private long create(Relation target, String select, SnapshotConfig config, String now) {
        String updatedAt = updatedAt(config, now);
        String sql = "select " + SOURCE + ".*,\n  " + scdId(config.uniqueKey(), updatedAt) + " as dbt_scd_id,\n  "
                + updatedAt + " as dbt_updated_at,\n  " + updatedAt + " as dbt_valid_from,\n  nullif(" + updatedAt
                + ", " + updatedAt + ") as dbt_valid_to\nfrom (\n" + Ddl.body(select) + "\n) as " + SOURCE;
        return new Replacement(ddl).replace(target, RelationKind.TABLE, sql);
    }

    private long update(Relation target, String select, SnapshotConfig config, String now) {
        return ddl.session().inTransaction(session -> {
            Relation source = ddl.createTemporary(target.identifier() + "__dbt_source", select);
            List<Column> sourceColumns = ddl.columns(source);
            for (Column added :
                    SchemaDiff.between(sourceColumns, ddl.columns(target)).added()) {
                session.execute("alter table " + ddl.render(target) + " add column " + ddl.quote(added.name()) + " "
                        + added.dataType());
            }
            List<String> columns = sourceColumns.stream().map(Column::name).toList();
            Relation staging = ddl.createTemporary(
                    target.identifier() + "__dbt_staging", staging(target, source, columns, config, now));
            session.execute("update " + ddl.render(target) + " as " + CURRENT
                    + "\nset dbt_valid_to = changes.dbt_valid_to\nfrom " + ddl.render(staging) + " as changes"
                    + "\nwhere changes.dbt_scd_id = " + CURRENT + ".dbt_scd_id"
                    + " and changes.dbt_change_type in ('update', 'delete') and " + CURRENT
                    + ".dbt_valid_to is null");
            List<String> inserted = new ArrayList<>(columns);
            inserted.addAll(List.of("dbt_updated_at", "dbt_valid_from", "dbt_valid_to", "dbt_scd_id"));
            long rows = session.execute("insert into " + ddl.render(target) + " (" + ddl.columnList(inserted, null)
                    + ")\nselect " + ddl.columnList(inserted, null) + " from " + ddl.render(staging)
                    + " where dbt_change_type = 'insert'");
            ddl.dropTemporary(staging);
            ddl.dropTemporary(source);
            return rows;
        });
    }

    /** The rows to insert ({@code insert}) and the current versions to close ({@code update}, {@code delete}). */
    private String staging(Relation target, Relation source, List<String> columns, SnapshotConfig config, String now) {
        String updatedAt = updatedAt(config, now);
        List<String> keys = config.uniqueKey();
        StringBuilder keyColumns = new StringBuilder();
        for (int i = 0; i < keys.size(); i++) {
            keyColumns
                    .append(", ")
                    .append(keys.get(i))
                    .append(" as dbt_unique_key_")
                    .append(i + 1);
        }
        String match = matchKeys(keys.size());
        String changed = changed(config, columns);
        String selected = ddl.columnList(columns, "s");
        StringBuilder sql = new StringBuilder()
                .append("with source_rows as (\n  select ")
                .append(ddl.columnList(columns, null))
                .append(keyColumns)
                .append(", ")
                .append(updatedAt)
                .append(" as dbt_new_updated_at, ")
                .append(scdId(keys, updatedAt))
                .append(" as dbt_new_scd_id\n  from ")
                .append(ddl.render(source))
                .append("\n),\ncurrent_rows as (\n  select *")
                .append(keyColumns)
                .append("\n  from ")
                .append(ddl.render(target))
                .append("\n  where dbt_valid_to is null\n)\n");
        sql.append("select 'insert' as dbt_change_type, ")
                .append(selected)
                .append(", s.dbt_new_updated_at as dbt_updated_at, s.dbt_new_updated_at as dbt_valid_from,")
                .append(" nullif(s.dbt_new_updated_at, s.dbt_new_updated_at) as dbt_valid_to,")
                .append(" s.dbt_new_scd_id as dbt_scd_id\nfrom source_rows as s left join current_rows as c on ")
                .append(match)
                .append("\nwhere c.dbt_unique_key_1 is null or (")
                .append(changed)
                .append(")\nunion all\nselect 'update', ")
                .append(selected)
                .append(", s.dbt_new_updated_at, s.dbt_new_updated_at, s.dbt_new_updated_at, c.dbt_scd_id")
                .append("\nfrom source_rows as s join current_rows as c on ")
                .append(match)
                .append("\nwhere ")
                .append(changed);
        if (config.invalidateHardDeletes()) {
            sql.append("\nunion all\nselect 'delete', ")
                    .append(selected)
                    .append(", ")
                    .append(now)
                    .append(", ")
                    .append(now)
                    .append(", ")
                    .append(now)
                    .append(", c.dbt_scd_id\nfrom current_rows as c left join source_rows as s on ")
                    .append(match)
                    .append("\nwhere s.dbt_unique_key_1 is null");
        }
        return sql.toString();
    }

    private String changed(SnapshotConfig config, List<String> columns) {
        if (!config.checkStrategy()) {
            return "c.dbt_valid_from < s.dbt_new_updated_at";
        }
        List<String> compared = config.checkColumns().isEmpty() ? columns : config.checkColumns();
        return compared.stream()
                .map(column -> {
                    String name = config.checkColumns().isEmpty() ? ddl.quote(column) : column;
                    return "s." + name + " is distinct from c." + name;
                })
                .collect(Collectors.joining(" or "));
    }

    private static String matchKeys(int keys) {
        List<String> conditions = new ArrayList<>();
        for (int i = 1; i <= keys; i++) {
            conditions.add("s.dbt_unique_key_" + i + " = c.dbt_unique_key_" + i);
        }
        return String.join(" and ", conditions);
    }

    private static String updatedAt(SnapshotConfig config, String now) {
        return config.updatedAt() == null || config.updatedAt().isBlank() ? now : config.updatedAt();
    }

    /** The version's id: the md5 of the key and the change time, as text. */
    private static String scdId(List<String> keys, String updatedAt) {
        List<String> parts = new ArrayList<>();
        for (String key : keys) {
            parts.add("coalesce(cast(" + key + " as varchar), '')");
        }
        parts.add("coalesce(cast(" + updatedAt + " as varchar), '')");
        return "md5(" + String.join(" || '|' || ", parts) + ")";
    }

    private static String snapshotTime() {
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        return now.toLocalDate() + " " + now.toLocalTime();
    }
}
