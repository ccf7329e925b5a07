package io.weir.transform.materialize;

import io.weir.transform.TransformException;
import io.weir.transform.project.Node;
import io.weir.transform.project.NodeConfig;
import io.weir.transform.run.NodeOutcome;
import io.weir.transform.run.NodeStatus;
import io.weir.warehouse.Column;
import io.weir.warehouse.Relation;
import io.weir.warehouse.RelationKind;
import io.weir.warehouse.infer.ValueKind;
import io.weir.warehouse.load.LoadColumn;
import io.weir.warehouse.load.LoadType;
import io.weir.warehouse.load.RowSource;
import io.weir.warehouse.load.TableWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Loads a seed's CSV file into its table in one transaction: created on the first load (or with a full refresh,
 * dropped and created), emptied and reloaded after. The rows go through weir-warehouse's bulk path
 * ({@link TableWriter}: DuckDB's appender, PostgreSQL's {@code COPY FROM STDIN}), the one extracts load through.
 */
final class SeedLoader {
    private final Ddl ddl;

    SeedLoader(Ddl ddl) {
        this.ddl = ddl;
    }

    NodeOutcome load(Node node, Path csvFile, boolean fullRefresh) {
        NodeConfig config = node.config();
        SeedFile file = SeedFile.read(csvFile, delimiter(config));
        Map<String, String> columnTypes = columnTypes(config);
        List<ValueKind> kinds = Seeds.kinds(file);
        List<Column> columns = Seeds.columns(file.header(), kinds, columnTypes, ddl.dialect());
        List<ValueKind> writeAs = new ArrayList<>(kinds.size());
        for (int i = 0; i < kinds.size(); i++) {
            writeAs.add(Seeds.override(columnTypes, file.header().get(i)) == null ? kinds.get(i) : null);
        }
        boolean quote = config.bool("quote_columns", true);
        Relation target = node.relation();
        ddl.session().createSchemaIfMissing(target.database(), target.schema());
        Optional<RelationKind> existing = ddl.kind(target);
        if (existing.isPresent() && existing.get() == RelationKind.VIEW) {
            throw new TransformException("cannot load the seed into " + target
                    + ": it is a view; drop the view or give the seed another alias");
        }
        boolean reload = existing.isPresent() && !fullRefresh;
        if (reload) {
            checkSameColumns(target, columns);
        }
        long rows = ddl.session().inTransaction(session -> {
            if (reload) {
                session.execute("truncate table " + ddl.render(target));
            } else {
                existing.ifPresent(kind -> ddl.drop(target, kind));
                session.execute("create table " + ddl.render(target) + " (" + definitions(columns, quote) + ")");
            }
            return ddl.isPostgres()
                    ? copy(target, file, columns, writeAs, quote)
                    : append(target, file, columns, writeAs, quote);
        });
        String message = "INSERT " + rows;
        return new NodeOutcome(NodeStatus.SUCCESS, message, message, rows, null);
    }

    private void checkSameColumns(Relation target, List<Column> columns) {
        List<Column> existing = ddl.columns(target);
        boolean same = existing.size() == columns.size();
        for (int i = 0; same && i < columns.size(); i++) {
            same = existing.get(i).name().equalsIgnoreCase(columns.get(i).name())
                    && TypeNames.same(
                            existing.get(i).dataType(),
                            columns.get(i).dataType(),
                            ddl.dialect().type());
        }
        if (!same) {
            throw new TransformException("the columns of the seed changed: " + target + " has (" + describe(existing)
                    + ") but the file now gives (" + describe(columns) + "); run with --full-refresh to rebuild"
                    + " the table");
        }
    }

    /** PostgreSQL parses each field into its column's type as COPY reads it. */
    private long copy(Relation target, SeedFile file, List<Column> columns, List<ValueKind> writeAs, boolean quote) {
        List<LoadColumn> names = new ArrayList<>();
        for (Column column : columns) {
            // An unquoted name is folded to lower case by PostgreSQL; COPY names it as the table has it.
            names.add(text(quote ? column.name() : column.name().toLowerCase(Locale.ROOT)));
        }
        return TableWriter.write(ddl.session(), target, new SeedRows(file, names, writeAs));
    }

    /** Appends the text of every field to a staging table, then casts it into the target's columns. */
    private long append(Relation target, SeedFile file, List<Column> columns, List<ValueKind> writeAs, boolean quote) {
        Relation staging = ddl.temporary(target.identifier() + "__dbt_seed");
        ddl.dropTemporary(staging);
        ddl.session()
                .execute("create temporary table " + ddl.quote(staging.identifier()) + " ("
                        + columns.stream()
                                .map(column -> ddl.quote(column.name()) + " varchar")
                                .collect(Collectors.joining(", "))
                        + ")");
        List<LoadColumn> names =
                columns.stream().map(column -> text(column.name())).toList();
        TableWriter.write(ddl.session(), staging, new SeedRows(file, names, writeAs));
        List<String> casts = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            casts.add("cast(" + ddl.quote(columns.get(i).name()) + " as "
                    + columns.get(i).dataType() + ")");
        }
        long rows = ddl.session()
                .execute("insert into " + ddl.render(target) + " (" + names(columns, quote) + ") select "
                        + String.join(", ", casts) + " from " + ddl.render(staging));
        ddl.dropTemporary(staging);
        return rows;
    }

    private static LoadColumn text(String name) {
        return new LoadColumn(name, LoadType.of(LoadType.Kind.TEXT));
    }

    /** A seed file's rows as text, each field as loaded. */
    private static final class SeedRows implements RowSource {
        private final Iterator<String[]> rows;
        private final List<LoadColumn> columns;
        private final List<ValueKind> writeAs;

        SeedRows(SeedFile file, List<LoadColumn> columns, List<ValueKind> writeAs) {
            this.rows = file.rows().iterator();
            this.columns = columns;
            this.writeAs = writeAs;
        }

        @Override
        public List<LoadColumn> columns() {
            return columns;
        }

        @Override
        public boolean next(Object[] row) {
            if (!rows.hasNext()) {
                return false;
            }
            String[] fields = rows.next();
            for (int i = 0; i < row.length; i++) {
                row[i] = value(fields[i], writeAs.get(i));
            }
            return true;
        }
    }

    /** The field as loaded: null for NULL, normalized for an inferred type, as written for a configured one. */
    private static String value(String field, ValueKind kind) {
        if (ValueKind.isNull(field)) {
            return null;
        }
        return kind == null ? field : kind.normalize(field);
    }

    private String definitions(List<Column> columns, boolean quote) {
        return columns.stream()
                .map(column -> name(column.name(), quote) + " " + column.dataType())
                .collect(Collectors.joining(", "));
    }

    private String names(List<Column> columns, boolean quote) {
        return columns.stream().map(column -> name(column.name(), quote)).collect(Collectors.joining(", "));
    }

    private String name(String column, boolean quote) {
        return quote ? ddl.quote(column) : column;
    }

    private static String describe(List<Column> columns) {
        return columns.stream()
                .map(column -> column.name() + " " + column.dataType())
                .collect(Collectors.joining(", "));
    }

    private static char delimiter(NodeConfig config) {
        String delimiter = config.string("delimiter");
        if (delimiter == null || delimiter.isEmpty()) {
            return ',';
        }
        if (delimiter.equals("\\t")) {
            return '\t';
        }
        if (delimiter.length() != 1) {
            throw new TransformException("delimiter '" + delimiter + "' must be a single character such as ',' or ';'");
        }
        return delimiter.charAt(0);
    }

    private static Map<String, String> columnTypes(NodeConfig config) {
        Object value = config.get("column_types");
        Map<String, String> types = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> map) {
            map.forEach((column, type) -> types.put(String.valueOf(column), String.valueOf(type)));
        } else if (value != null) {
            throw new TransformException("column_types must map column names to types, not '" + value + "'");
        }
        return types;
    }
}
