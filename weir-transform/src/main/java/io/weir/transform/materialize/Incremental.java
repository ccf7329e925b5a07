package io.weir.transform.materialize;

import io.weir.transform.TransformException;
import io.weir.transform.project.Node;
import io.weir.transform.project.NodeConfig;
import io.weir.transform.run.NodeOutcome;
import io.weir.transform.run.NodeStatus;
import io.weir.warehouse.Column;
import io.weir.warehouse.Relation;
import io.weir.warehouse.RelationKind;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An incremental model's run: the first run, a full refresh, or a view in the way build a table; later runs put the
 * query's rows in a temporary table, reconcile the columns ({@link OnSchemaChange}) and apply the
 * {@link IncrementalStrategy}, all in one transaction.
 */
final class Incremental {
    private static final String SOURCE = "dbt_internal_source";
    private static final String DEST = "dbt_internal_dest";

    private final Ddl ddl;

    Incremental(Ddl ddl) {
        this.ddl = ddl;
    }

    NodeOutcome run(Node node, String sql, boolean fullRefresh) {
        NodeConfig config = node.config();
        List<String> uniqueKey = config.strings("unique_key").stream()
                .filter(key -> !key.isBlank())
                .toList();
        IncrementalStrategy strategy =
                IncrementalStrategy.of(config.string("incremental_strategy"), !uniqueKey.isEmpty());
        OnSchemaChange onSchemaChange = OnSchemaChange.of(config.string("on_schema_change"));
        Relation target = node.relation();
        ddl.session().createSchemaIfMissing(target.database(), target.schema());
        Optional<RelationKind> existing = ddl.kind(target);
        if (fullRefresh || existing.isEmpty() || existing.get() == RelationKind.VIEW) {
            long rows = new Replacement(ddl).replace(target, RelationKind.TABLE, sql);
            String message = ddl.response("SELECT " + rows);
            return new NodeOutcome(NodeStatus.SUCCESS, message, message, rows, null);
        }
        return ddl.session().inTransaction(session -> {
            Relation temporary = ddl.createTemporary(target.identifier() + "__dbt_tmp", sql);
            List<String> columns = reconcile(temporary, target, onSchemaChange);
            NodeOutcome outcome = apply(strategy, config, uniqueKey, temporary, target, columns);
            ddl.dropTemporary(temporary);
            return outcome;
        });
    }

    /** Applies {@code mode}; returns the columns to insert. */
    private List<String> reconcile(Relation temporary, Relation target, OnSchemaChange mode) {
        List<Column> targetColumns = ddl.columns(target);
        if (mode == OnSchemaChange.IGNORE) {
            return names(targetColumns);
        }
        List<Column> sourceColumns = ddl.columns(temporary);
        SchemaDiff diff = SchemaDiff.between(sourceColumns, targetColumns);
        if (diff.isEmpty()) {
            return names(sourceColumns);
        }
        switch (mode) {
            case FAIL -> throw new TransformException("the model's columns no longer match " + target + " ("
                    + diff.describe() + ") and on_schema_change is 'fail'; set on_schema_change to"
                    + " append_new_columns or sync_all_columns, or rebuild the table with --full-refresh");
            case APPEND_NEW_COLUMNS -> addColumns(target, diff.added());
            case SYNC_ALL_COLUMNS -> {
                addColumns(target, diff.added());
                for (Column column : diff.removed()) {
                    ddl.session()
                            .execute("alter table " + ddl.render(target) + " drop column " + ddl.quote(column.name()));
                }
                for (Column column : diff.retyped()) {
                    String name = ddl.quote(column.name());
                    ddl.session()
                            .execute("alter table " + ddl.render(target) + " alter column " + name + " type "
                                    + column.dataType() + " using cast(" + name + " as " + column.dataType() + ")");
                }
            }
            case IGNORE -> throw new IllegalStateException("ignore reconciles nothing");
        }
        return names(sourceColumns);
    }

    private void addColumns(Relation target, List<Column> columns) {
        for (Column column : columns) {
            ddl.session()
                    .execute("alter table " + ddl.render(target) + " add column " + ddl.quote(column.name()) + " "
                            + column.dataType());
        }
    }

    private NodeOutcome apply(
            IncrementalStrategy strategy,
            NodeConfig config,
            List<String> uniqueKey,
            Relation temporary,
            Relation target,
            List<String> columns) {
        long updated = 0;
        boolean keyed = !uniqueKey.isEmpty();
        switch (strategy) {
            case APPEND -> {}
            case DELETE_INSERT -> {
                if (keyed) {
                    deleteMatching(config, uniqueKey, temporary, target);
                }
            }
            case MERGE -> {
                if (keyed) {
                    updated = updateMatching(config, uniqueKey, temporary, target, columns);
                }
            }
        }
        String insert = "insert into " + ddl.render(target) + " (" + ddl.columnList(columns, null) + ")\nselect "
                + ddl.columnList(columns, SOURCE) + " from " + ddl.render(temporary) + " as " + SOURCE;
        if (strategy == IncrementalStrategy.MERGE && keyed) {
            insert += "\nwhere not exists (select 1 from " + ddl.render(target) + " as " + DEST + " where "
                    + keyMatch(uniqueKey) + predicates(config) + ")";
        }
        long inserted = ddl.session().execute(insert);
        long rows = inserted + updated;
        String message = ddl.response(strategy == IncrementalStrategy.MERGE ? "MERGE " + rows : "INSERT 0 " + inserted);
        return new NodeOutcome(NodeStatus.SUCCESS, message, message, rows, null);
    }

    private void deleteMatching(NodeConfig config, List<String> uniqueKey, Relation temporary, Relation target) {
        StringBuilder delete = new StringBuilder("delete from ")
                .append(ddl.render(target))
                .append(" as ")
                .append(DEST)
                .append("\nusing ")
                .append(ddl.render(temporary))
                .append(" as ")
                .append(SOURCE)
                .append("\nwhere ")
                .append(keyMatch(uniqueKey));
        ddl.session().execute(delete.append(predicates(config)).toString());
    }

    private long updateMatching(
            NodeConfig config, List<String> uniqueKey, Relation temporary, Relation target, List<String> columns) {
        List<String> updateColumns = updateColumns(config, uniqueKey, columns);
        if (updateColumns.isEmpty()) {
            return 0;
        }
        String assignments = updateColumns.stream()
                .map(column -> ddl.quote(column) + " = " + SOURCE + "." + ddl.quote(column))
                .collect(Collectors.joining(", "));
        StringBuilder update = new StringBuilder("update ")
                .append(ddl.render(target))
                .append(" as ")
                .append(DEST)
                .append("\nset ")
                .append(assignments)
                .append("\nfrom ")
                .append(ddl.render(temporary))
                .append(" as ")
                .append(SOURCE)
                .append("\nwhere ")
                .append(keyMatch(uniqueKey));
        return Math.max(
                0, ddl.session().execute(update.append(predicates(config)).toString()));
    }

    private static List<String> updateColumns(NodeConfig config, List<String> uniqueKey, List<String> columns) {
        List<String> only = config.strings("merge_update_columns");
        if (!only.isEmpty()) {
            return only;
        }
        Set<String> excluded = config.strings("merge_exclude_columns").stream()
                .map(name -> name.toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        Set<String> keys =
                uniqueKey.stream().map(name -> name.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        return columns.stream()
                .filter(column -> !excluded.contains(column.toLowerCase(Locale.ROOT)))
                .filter(column -> !keys.contains(column.toLowerCase(Locale.ROOT)))
                .toList();
    }

    /** {@code incremental_predicates}, each narrowing which rows of the table the new rows may replace. */
    private static String predicates(NodeConfig config) {
        return config.strings("incremental_predicates").stream()
                .map(predicate -> "\nand (" + predicate + ")")
                .collect(Collectors.joining());
    }

    private static String keyMatch(List<String> uniqueKey) {
        return uniqueKey.stream()
                .map(key -> SOURCE + "." + key + " = " + DEST + "." + key)
                .collect(Collectors.joining(" and "));
    }

    private static List<String> names(List<Column> columns) {
        return columns.stream().map(Column::name).toList();
    }
}
