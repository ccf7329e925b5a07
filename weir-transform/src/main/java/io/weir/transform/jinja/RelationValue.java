package io.weir.transform.jinja;

import static java.util.Objects.requireNonNull;

import com.hubspot.jinjava.objects.serialization.PyishSerializable;
import io.weir.warehouse.Dialect;
import io.weir.warehouse.Relation;
import java.io.IOException;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A relation as templates see it ({@code this}, {@code ref()}, {@code source()}, {@code adapter.get_relation()}), as
 * dbt's Relation: it prints as {@code "database"."schema"."identifier"}; offers {@code database}, {@code schema},
 * {@code identifier}, {@code name}, {@code table}, {@code type}, {@code is_table}, {@code is_view}, {@code
 * include()}, {@code incorporate()}, {@code without_identifier()}, {@code information_schema(view)} and {@code
 * render()}; and is a mapping whose {@code
 * metadata.type} ends in {@code Relation}, which is how packages such as dbt_utils recognise one.
 */
public final class RelationValue extends AbstractMap<String, Object> implements PyishSerializable {
    private final Relation relation;
    private final Dialect dialect;
    private final String type;
    private final boolean withDatabase;
    private final boolean withSchema;
    private final boolean withIdentifier;
    private Map<String, Object> entries;

    public RelationValue(Relation relation, Dialect dialect, String type) {
        this(relation, dialect, type, true, true, true);
    }

    private RelationValue(
            Relation relation,
            Dialect dialect,
            String type,
            boolean withDatabase,
            boolean withSchema,
            boolean withIdentifier) {
        this.relation = requireNonNull(relation, "relation is null");
        this.dialect = requireNonNull(dialect, "dialect is null");
        this.type = type;
        this.withDatabase = withDatabase;
        this.withSchema = withSchema;
        this.withIdentifier = withIdentifier;
    }

    public Relation relation() {
        return relation;
    }

    /** {@code table} or {@code view} when known, else null. */
    public String type() {
        return type;
    }

    /** The relation as SQL, with the parts {@code include()} kept. */
    public String render() {
        List<String> parts = new ArrayList<>(3);
        if (withDatabase && relation.database() != null) {
            parts.add(dialect.quote(relation.database()));
        }
        if (withSchema) {
            parts.add(dialect.quote(relation.schema()));
        }
        if (withIdentifier) {
            parts.add(dialect.quote(relation.identifier()));
        }
        return String.join(".", parts);
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return entries().entrySet();
    }

    @Override
    public Object get(Object key) {
        return entries().get(key);
    }

    /** Python's {@code dict.get(key, default)}, which packages call on relations. */
    public Object get(Object key, Object otherwise) {
        Object value = entries().get(key);
        return value == null ? otherwise : value;
    }

    @Override
    public boolean containsKey(Object key) {
        return entries().containsKey(key);
    }

    // Built when a template first looks inside the relation; most relations are only printed.
    private synchronized Map<String, Object> entries() {
        if (entries == null) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("database", relation.database());
            map.put("schema", relation.schema());
            map.put("identifier", relation.identifier());
            map.put("name", relation.identifier());
            map.put("table", relation.identifier());
            map.put("type", type);
            map.put("is_table", "table".equals(type));
            map.put("is_view", "view".equals(type));
            map.put("is_cte", false);
            Map<String, Object> path = new LinkedHashMap<>();
            path.put("database", relation.database());
            path.put("schema", relation.schema());
            path.put("identifier", relation.identifier());
            map.put("path", path);
            map.put(
                    "metadata",
                    Map.of("type", dialect.getClass().getSimpleName().replace("Dialect", "") + "Relation"));
            map.put("render", new JavaMacro("render", List.of(), (render, arguments) -> render()));
            map.put(
                    "include",
                    new JavaMacro(
                            "include",
                            List.of("database", "schema", "identifier"),
                            (render, a) -> new RelationValue(
                                    relation,
                                    dialect,
                                    type,
                                    a.bool("database", withDatabase),
                                    a.bool("schema", withSchema),
                                    a.bool("identifier", withIdentifier))));
            map.put(
                    "without_identifier",
                    new JavaMacro(
                            "without_identifier",
                            List.of(),
                            (render, a) ->
                                    new RelationValue(relation, dialect, type, withDatabase, withSchema, false)));
            map.put("incorporate", new JavaMacro("incorporate", List.of("path", "type"), (render, a) -> {
                Relation changed = relation;
                if (a.get("path") instanceof Map<?, ?> newPath) {
                    changed = new Relation(
                            text(newPath, "database", relation.database()),
                            text(newPath, "schema", relation.schema()),
                            text(newPath, "identifier", relation.identifier()));
                }
                String newType = a.get("type") == null ? type : a.string("type");
                return new RelationValue(changed, dialect, newType, withDatabase, withSchema, withIdentifier);
            }));
            map.put(
                    "information_schema",
                    new JavaMacro(
                            "information_schema",
                            List.of("view_name"),
                            (render, a) -> dialect.quote(relation.database()) + ".information_schema"
                                    + (a.get("view_name") == null ? "" : "." + a.string("view_name"))));
            map.put("quote", new JavaMacro("quote", List.of("database", "schema", "identifier"), (render, a) -> this));
            entries = map;
        }
        return entries;
    }

    private static String text(Map<?, ?> map, String key, String otherwise) {
        Object value = map.get(key);
        return value == null ? otherwise : value.toString();
    }

    @Override
    public <T extends Appendable & CharSequence> T appendPyishString(T appendable) throws IOException {
        appendable.append(render());
        return appendable;
    }

    @Override
    public String toString() {
        return render();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RelationValue that
                && relation.equals(that.relation)
                && withDatabase == that.withDatabase
                && withSchema == that.withSchema
                && withIdentifier == that.withIdentifier;
    }

    @Override
    public int hashCode() {
        return relation.hashCode();
    }
}
