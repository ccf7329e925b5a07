package io.weir.transform.artifacts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weir.transform.project.Manifest;
import io.weir.transform.project.Node;
import io.weir.transform.project.SourceTable;
import io.weir.warehouse.Dialect;
import io.weir.warehouse.QueryResult;
import io.weir.warehouse.Relation;
import io.weir.warehouse.WarehouseSession;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Writes {@code catalog.json} as dbt does (schema v1): for every model, seed, snapshot and source that exists in the
 * warehouse, what it is (table or view), where it lives and its columns with their types, read from
 * {@code information_schema} in one query. Relations not built yet are left out.
 */
public final class CatalogWriter {
    private static final String SCHEMA = "catalog/v1";

    private CatalogWriter() {}

    /** Reads the warehouse through {@code session} and writes the catalog to {@code file}. */
    public static void write(Manifest manifest, WarehouseSession session, Path file) {
        String database = session.target().database();
        Map<String, CatalogTable> tables = readTables(manifest, session, database);
        ObjectNode root = ArtifactFile.JSON.createObjectNode();
        root.set(
                "metadata",
                ArtifactFile.metadata(SCHEMA, Instant.now(), UUID.randomUUID().toString()));
        ObjectNode nodes = root.putObject("nodes");
        for (Node node : manifest.nodes().values()) {
            CatalogTable table = node.relation() == null ? null : tables.get(key(node.relation(), database));
            if (table != null) {
                nodes.set(node.uniqueId(), table.toJson(node.uniqueId()));
            }
        }
        ObjectNode sources = root.putObject("sources");
        for (SourceTable source : manifest.sources().values()) {
            CatalogTable table = tables.get(key(source.relation(), database));
            if (table != null) {
                sources.set(source.uniqueId(), table.toJson(source.uniqueId()));
            }
        }
        root.putNull("errors");
        ArtifactFile.writeJson(root, file);
    }

    private static Map<String, CatalogTable> readTables(Manifest manifest, WarehouseSession session, String database) {
        List<Relation> relations = new ArrayList<>();
        manifest.nodes().values().stream()
                .map(Node::relation)
                .filter(r -> r != null)
                .forEach(relations::add);
        manifest.sources().values().stream().map(SourceTable::relation).forEach(relations::add);
        if (relations.isEmpty()) {
            return Map.of();
        }
        Set<String> schemas = relations.stream().map(Relation::schema).collect(Collectors.toCollection(TreeSet::new));
        Dialect dialect = session.dialect();
        String sql = "select t.table_catalog, t.table_schema, t.table_name, t.table_type,"
                + " c.column_name, c.data_type, c.ordinal_position"
                + " from information_schema.tables t join information_schema.columns c"
                + " on c.table_catalog = t.table_catalog and c.table_schema = t.table_schema"
                + " and c.table_name = t.table_name"
                + " where t.table_schema in ("
                + schemas.stream().map(dialect::literal).collect(Collectors.joining(", "))
                + ") order by t.table_catalog, t.table_schema, t.table_name, c.ordinal_position";
        Map<String, CatalogTable> tables = new HashMap<>();
        QueryResult result = session.query(sql);
        for (List<Object> row : result.rows()) {
            Relation relation = new Relation(text(row.get(0)), text(row.get(1)), text(row.get(2)));
            CatalogTable table =
                    tables.computeIfAbsent(key(relation, database), k -> new CatalogTable(relation, text(row.get(3))));
            String column = text(row.get(4));
            table.columns.put(column, new CatalogColumn(column, text(row.get(5)), ((Number) row.get(6)).intValue()));
        }
        return tables;
    }

    /** Relations compare by lower-case name, as both warehouses fold the names dbt projects use. */
    private static String key(Relation relation, String defaultDatabase) {
        String database = relation.database() == null ? defaultDatabase : relation.database();
        return (database + "." + relation.schema() + "." + relation.identifier()).toLowerCase(Locale.ROOT);
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private record CatalogColumn(String name, String type, int index) {}

    /** One relation found in the warehouse; its columns fill in while the query's rows are read. */
    private static final class CatalogTable {
        private final Relation relation;
        private final String type;
        private final Map<String, CatalogColumn> columns = new LinkedHashMap<>();

        CatalogTable(Relation relation, String type) {
            this.relation = relation;
            this.type = type;
        }

        ObjectNode toJson(String uniqueId) {
            ObjectNode json = ArtifactFile.JSON.createObjectNode();
            ObjectNode metadata = json.putObject("metadata");
            metadata.put("type", type);
            metadata.put("schema", relation.schema());
            metadata.put("name", relation.identifier());
            metadata.put("database", relation.database());
            metadata.putNull("comment");
            metadata.putNull("owner");
            ObjectNode columnsJson = json.putObject("columns");
            for (CatalogColumn column : columns.values()) {
                ObjectNode columnJson = columnsJson.putObject(column.name());
                columnJson.put("type", column.type());
                columnJson.put("index", column.index());
                columnJson.put("name", column.name());
                columnJson.putNull("comment");
            }
            ObjectNode hasStats = json.putObject("stats").putObject("has_stats");
            hasStats.put("id", "has_stats");
            hasStats.put("label", "Has Stats?");
            hasStats.put("value", false);
            hasStats.put("include", false);
            hasStats.put("description", "Indicates whether there are statistics for this table");
            json.put("unique_id", uniqueId);
            return json;
        }
    }
}
