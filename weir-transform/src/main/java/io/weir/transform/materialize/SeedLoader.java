package io.weir.transform.materialize;

import io.weir.transform.TransformException;
import io.weir.transform.project.Node;
import io.weir.transform.project.NodeConfig;
import io.weir.transform.run.NodeOutcome;
import io.weir.transform.run.NodeStatus;
import io.weir.warehouse.Column;
import io.weir.warehouse.Relation;
import io.weir.warehouse.RelationKind;
import io.weir.warehouse.WarehouseException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.postgresql.PGConnection;

/**
 * Loads a seed's CSV file into its table in one transaction: created on the first load (or with a full refresh,
 * dropped and created), emptied and reloaded after. DuckDB loads through its appender, PostgreSQL through
 * {@code COPY FROM STDIN}.
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

    private long copy(Relation target, SeedFile file, List<Column> columns, List<ValueKind> writeAs, boolean quote) {
        StringBuilder csv = new StringBuilder();
        for (String[] row : file.rows()) {
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    csv.append(',');
                }
                String value = value(row[i], writeAs.get(i));
                if (value != null) {
                    csv.append('"').append(value.replace("\"", "\"\"")).append('"');
                }
            }
            csv.append('\n');
        }
        String sql = "copy " + ddl.render(target) + " (" + names(columns, quote) + ") from stdin with (format csv)";
        try {
            PGConnection connection = ddl.session().connection().unwrap(PGConnection.class);
            return connection.getCopyAPI().copyIn(sql, new StringReader(csv.toString()));
        } catch (SQLException e) {
            throw new WarehouseException(
                    e.getMessage() == null ? e.toString() : e.getMessage().strip(), e);
        } catch (IOException e) {
            throw new WarehouseException("cannot send the seed's rows: " + e.getMessage(), e);
        }
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
        try (DuckDBAppender appender = ddl.session()
                .connection()
                .unwrap(DuckDBConnection.class)
                .createAppender(staging.database(), staging.schema(), staging.identifier())) {
            for (String[] row : file.rows()) {
                appender.beginRow();
                for (int i = 0; i < row.length; i++) {
                    String value = value(row[i], writeAs.get(i));
                    if (value == null) {
                        appender.appendNull();
                    } else {
                        appender.append(value);
                    }
                }
                appender.endRow();
            }
        } catch (SQLException e) {
            throw new WarehouseException(
                    e.getMessage() == null ? e.toString() : e.getMessage().strip(), e);
        }
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
