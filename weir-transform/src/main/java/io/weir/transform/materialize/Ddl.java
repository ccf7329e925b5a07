package io.weir.transform.materialize;

import io.weir.warehouse.Column;
import io.weir.warehouse.Dialect;
import io.weir.warehouse.Relation;
import io.weir.warehouse.RelationKind;
import io.weir.warehouse.WarehouseSession;
import io.weir.warehouse.WarehouseType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The statements that create, rename, drop and describe relations, written for the session's warehouse. Column types
 * come back as the warehouse writes them in DDL, so two relations' columns compare directly.
 */
final class Ddl {
    private static final int POSTGRES_MAX_IDENTIFIER_BYTES = 63;

    private final WarehouseSession session;
    private final Dialect dialect;

    Ddl(WarehouseSession session) {
        this.session = session;
        this.dialect = session.dialect();
    }

    WarehouseSession session() {
        return session;
    }

    Dialect dialect() {
        return dialect;
    }

    boolean isPostgres() {
        return dialect.type() == WarehouseType.POSTGRES;
    }

    String render(Relation relation) {
        return relation.render(dialect);
    }

    String quote(String identifier) {
        return dialect.quote(identifier);
    }

    /** The names quoted and joined with commas, each prefixed by {@code alias.} when an alias is given. */
    String columnList(List<String> names, String alias) {
        String prefix = alias == null ? "" : alias + ".";
        return names.stream().map(name -> prefix + quote(name)).collect(Collectors.joining(", "));
    }

    Optional<RelationKind> kind(Relation relation) {
        return session.relationKind(relation);
    }

    /**
     * What each of {@code relations} (all in one schema) is, by identifier; absent ones are left out. One query
     * instead of one each.
     */
    Map<String, RelationKind> kinds(List<Relation> relations) {
        Relation first = relations.get(0);
        String names = relations.stream()
                .map(relation -> dialect.literal(relation.identifier()))
                .collect(Collectors.joining(", "));
        String sql = "select table_name, table_type from information_schema.tables where table_schema = "
                + dialect.literal(first.schema()) + " and table_name in (" + names + ")"
                + (first.database() != null ? " and table_catalog = " + dialect.literal(first.database()) : "");
        Map<String, RelationKind> kinds = new HashMap<>();
        for (List<Object> row : session.query(sql).rows()) {
            String type = String.valueOf(row.get(1)).toUpperCase(Locale.ROOT);
            kinds.put((String) row.get(0), type.contains("VIEW") ? RelationKind.VIEW : RelationKind.TABLE);
        }
        return kinds;
    }

    /** The columns of {@code relation} in order, with types as DDL spells them; empty when it does not exist. */
    List<Column> columns(Relation relation) {
        if (!isPostgres()) {
            return session.columns(relation);
        }
        String name = new Relation(null, relation.schema(), relation.identifier()).render(dialect);
        List<Column> columns = new ArrayList<>();
        for (List<Object> row : session.query("select attname, format_type(atttypid, atttypmod) from pg_attribute"
                        + " where attrelid = to_regclass(" + dialect.literal(name) + ")"
                        + " and attnum > 0 and not attisdropped order by attnum")
                .rows()) {
            columns.add(new Column((String) row.get(0), (String) row.get(1)));
        }
        return columns;
    }

    long createAs(Relation relation, RelationKind kind, String sql) {
        return session.execute("create " + word(kind) + " " + render(relation) + " as (\n" + body(sql) + "\n)");
    }

    /** A session-private table of the query's rows, dropped with the session if not before. */
    Relation createTemporary(String identifier, String sql) {
        Relation temporary = temporary(identifier);
        dropTemporary(temporary);
        session.execute("create temporary table " + quote(temporary.identifier()) + " as (\n" + body(sql) + "\n)");
        return temporary;
    }

    Relation temporary(String identifier) {
        String name = fit(identifier, "");
        return isPostgres() ? new Relation(null, "pg_temp", name) : new Relation("temp", "main", name);
    }

    void dropTemporary(Relation temporary) {
        session.execute("drop table if exists " + render(temporary));
    }

    void drop(Relation relation, RelationKind kind) {
        session.execute("drop " + word(kind) + " if exists " + render(relation) + (isPostgres() ? " cascade" : ""));
    }

    void rename(Relation relation, RelationKind kind, String newIdentifier) {
        session.execute("alter " + word(kind) + " " + render(relation) + " rename to " + quote(newIdentifier));
    }

    long count(Relation relation) {
        return ((Number) session.query("select count(*) from " + render(relation))
                        .rows()
                        .get(0)
                        .get(0))
                .longValue();
    }

    /** The relation next to {@code relation} named with {@code suffix}, shortened to fit PostgreSQL's limit. */
    Relation sibling(Relation relation, String suffix) {
        return relation.withIdentifier(fit(relation.identifier(), suffix));
    }

    /** What dbt reports as the adapter's response: PostgreSQL's command tag, DuckDB's {@code OK}. */
    String response(String postgresCommandTag) {
        return isPostgres() ? postgresCommandTag : "OK";
    }

    /** The query without the trailing semicolons and blanks that would break wrapping it in parentheses. */
    static String body(String sql) {
        String body = sql.strip();
        while (body.endsWith(";")) {
            body = body.substring(0, body.length() - 1).strip();
        }
        return body;
    }

    private String fit(String identifier, String suffix) {
        if (!isPostgres()) {
            return identifier + suffix;
        }
        int budget = POSTGRES_MAX_IDENTIFIER_BYTES - suffix.getBytes(StandardCharsets.UTF_8).length;
        String base = identifier;
        while (base.getBytes(StandardCharsets.UTF_8).length > budget) {
            base = base.substring(0, base.length() - 1);
        }
        return base + suffix;
    }

    private static String word(RelationKind kind) {
        return switch (kind) {
            case TABLE -> "table";
            case VIEW -> "view";
        };
    }
}
