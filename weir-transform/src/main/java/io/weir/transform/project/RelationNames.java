package io.weir.transform.project;

import io.weir.transform.jinja.JinjaEngine;
import io.weir.warehouse.Relation;
import io.weir.warehouse.WarehouseTarget;
import java.util.Arrays;
import java.util.Map;

/**
 * Where a node lands: schema by {@code generate_schema_name} (the target's schema, or {@code <target
 * schema>_<custom>}), alias by {@code generate_alias_name} and database by {@code generate_database_name}. A
 * project's own macro of that name is rendered and obeyed; without one the defaults are computed directly.
 * Snapshots keep dbt's legacy {@code target_schema} and {@code target_database} when set.
 */
final class RelationNames {
    private final JinjaEngine engine;
    private final WarehouseTarget target;

    RelationNames(JinjaEngine engine, WarehouseTarget target) {
        this.engine = engine;
        this.target = target;
    }

    Relation of(NodeDraft draft) {
        String customSchema = text(draft.config.get("schema"));
        String customDatabase = text(draft.config.get("database"));
        String schema = draft.type == ResourceType.SNAPSHOT && draft.config.get("target_schema") != null
                ? text(draft.config.get("target_schema"))
                : name("generate_schema_name", customSchema, draft, defaultSchema(customSchema));
        String database = draft.type == ResourceType.SNAPSHOT && draft.config.get("target_database") != null
                ? text(draft.config.get("target_database"))
                : name(
                        "generate_database_name",
                        customDatabase,
                        draft,
                        blank(customDatabase) ? target.database() : customDatabase.strip());
        String customAlias = text(draft.config.get("alias"));
        String alias =
                name("generate_alias_name", customAlias, draft, blank(customAlias) ? draft.name : customAlias.strip());
        return new Relation(database, schema, alias);
    }

    private String name(String macro, String custom, NodeDraft draft, String otherwise) {
        if (!engine.hasProjectMacro(macro)) {
            return otherwise;
        }
        Object value = engine.call(
                macro,
                Arrays.asList(custom, NodeMaps.of(draft)),
                Map.of(),
                draft.where() + ", naming it with the macro " + macro,
                new ParseScope(draft, target));
        String name = value == null ? "" : value.toString().strip();
        return name.isEmpty() ? otherwise : name;
    }

    private String defaultSchema(String customSchema) {
        return blank(customSchema) ? target.schema() : target.schema() + "_" + customSchema.strip();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
