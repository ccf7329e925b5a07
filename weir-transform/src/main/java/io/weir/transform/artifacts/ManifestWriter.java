package io.weir.transform.artifacts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.weir.transform.DbtVersion;
import io.weir.transform.TransformException;
import io.weir.transform.jinja.Macro;
import io.weir.transform.jinja.Ref;
import io.weir.transform.project.ColumnSpec;
import io.weir.transform.project.Manifest;
import io.weir.transform.project.Node;
import io.weir.transform.project.ResourceType;
import io.weir.transform.project.SourceTable;
import io.weir.warehouse.Relation;
import io.weir.warehouse.WarehouseTarget;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes {@code target/manifest.json} with dbt's field names, so tools that read dbt's manifest (docs sites,
 * linters, state comparison) read Weir's: {@code metadata}, {@code nodes}, {@code sources}, {@code macros},
 * {@code parent_map} and {@code child_map}.
 */
public final class ManifestWriter {
    private static final String SCHEMA_VERSION = "https://schemas.getdbt.com/dbt/manifest/v12.json";
    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private ManifestWriter() {}

    /**
     * Writes the manifest to {@code file} (replacing it whole, never half-written).
     *
     * @param compiledCodeByUniqueId the compiled SQL of the nodes compiled in this invocation; others have none
     */
    public static void write(
            Manifest manifest, WarehouseTarget target, Map<String, String> compiledCodeByUniqueId, Path file) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("metadata", metadata(manifest, target));
        Map<String, Object> nodes = new LinkedHashMap<>();
        manifest.nodes().forEach((id, node) -> nodes.put(id, node(node, target, compiledCodeByUniqueId.get(id))));
        root.put("nodes", nodes);
        Map<String, Object> sources = new LinkedHashMap<>();
        manifest.sources().forEach((id, source) -> sources.put(id, source(source, target)));
        root.put("sources", sources);
        Map<String, Object> macros = new LinkedHashMap<>();
        manifest.macros().forEach((id, macro) -> macros.put(id, macro(macro)));
        root.put("macros", macros);
        for (String empty : List.of(
                "docs",
                "exposures",
                "metrics",
                "groups",
                "selectors",
                "disabled",
                "semantic_models",
                "saved_queries",
                "unit_tests")) {
            root.put(empty, Map.of());
        }
        root.put("parent_map", manifest.parentMap());
        root.put("child_map", manifest.childMap());
        root.put("group_map", Map.of());
        writeAtomically(root, file);
    }

    /**
     * dbt's {@code graph} context variable: the manifest's nodes and sources as {@code manifest.json} has them
     * (without compiled code), and empty exposures, metrics, groups, semantic models and saved queries.
     */
    public static Map<String, Object> graph(Manifest manifest, WarehouseTarget target) {
        Map<String, Object> graph = new LinkedHashMap<>();
        Map<String, Object> nodes = new LinkedHashMap<>();
        manifest.nodes().forEach((id, node) -> nodes.put(id, node(node, target, null)));
        graph.put("nodes", nodes);
        Map<String, Object> sources = new LinkedHashMap<>();
        manifest.sources().forEach((id, source) -> sources.put(id, source(source, target)));
        graph.put("sources", sources);
        for (String empty : List.of("exposures", "metrics", "groups", "semantic_models", "saved_queries")) {
            graph.put(empty, Map.of());
        }
        return graph;
    }

    private static Map<String, Object> metadata(Manifest manifest, WarehouseTarget target) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("dbt_schema_version", SCHEMA_VERSION);
        metadata.put("dbt_version", DbtVersion.CURRENT);
        metadata.put(
                "generated_at", Instant.now().truncatedTo(ChronoUnit.MICROS).toString());
        metadata.put("invocation_id", UUID.randomUUID().toString());
        metadata.put("env", Map.of());
        metadata.put("project_name", manifest.project().name());
        metadata.put("project_id", md5(manifest.project().name()));
        metadata.put("adapter_type", target.type().profileName());
        return metadata;
    }

    private static Map<String, Object> node(Node node, WarehouseTarget target, String compiledCode) {
        Relation relation = node.relation();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("database", relation != null ? relation.database() : target.database());
        json.put("schema", relation != null ? relation.schema() : schemaOf(node, target));
        json.put("name", node.name());
        json.put("resource_type", node.resourceType().manifestName());
        json.put("package_name", node.packageName());
        json.put("path", node.path());
        json.put("original_file_path", node.originalFilePath());
        json.put("unique_id", node.uniqueId());
        json.put("fqn", node.fqn());
        json.put("alias", relation != null ? relation.identifier() : node.name());
        json.put("checksum", Map.of("name", "sha256", "checksum", sha256(node.rawCode())));
        json.put("config", node.config().values());
        json.put("tags", node.config().tags());
        json.put("description", node.description());
        json.put("columns", columns(node.columns()));
        json.put(
                "meta",
                node.config().get("meta") == null ? Map.of() : node.config().get("meta"));
        json.put("docs", Map.of("show", true));
        json.put("relation_name", relation != null ? relation.render(target.dialect()) : null);
        json.put("raw_code", node.rawCode());
        json.put("language", "sql");
        json.put("refs", node.refs().stream().map(ManifestWriter::ref).toList());
        json.put(
                "sources",
                node.sources().stream()
                        .map(source -> List.of(source.sourceName(), source.tableName()))
                        .toList());
        json.put("metrics", List.of());
        json.put("depends_on", Map.of("macros", node.dependsOnMacros(), "nodes", node.dependsOn()));
        if (compiledCode != null) {
            json.put(
                    "compiled_path",
                    node.resourceType() == ResourceType.TEST && node.test() != null
                            ? null
                            : "target/compiled/" + node.packageName() + "/" + node.originalFilePath());
            json.put("compiled", true);
            json.put("compiled_code", compiledCode);
            json.put("extra_ctes_injected", true);
            json.put("extra_ctes", List.of());
        }
        if (node.test() != null) {
            Map<String, Object> testMetadata = new LinkedHashMap<>();
            testMetadata.put("name", node.test().name());
            testMetadata.put("kwargs", node.test().kwargs());
            testMetadata.put("namespace", node.test().namespace());
            json.put("test_metadata", testMetadata);
            json.put("column_name", node.test().columnName());
            json.put("file_key_name", fileKeyName(node));
        }
        if (node.resourceType() == ResourceType.TEST) {
            json.put("attached_node", node.attachedNode());
        }
        return json;
    }

    private static Map<String, Object> source(SourceTable source, WarehouseTarget target) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("database", source.relation().database());
        json.put("schema", source.relation().schema());
        json.put("name", source.name());
        json.put("resource_type", "source");
        json.put("package_name", source.packageName());
        json.put("path", source.originalFilePath());
        json.put("original_file_path", source.originalFilePath());
        json.put("unique_id", source.uniqueId());
        json.put("fqn", source.fqn());
        json.put("source_name", source.sourceName());
        json.put("source_description", "");
        json.put("loader", "");
        json.put("identifier", source.relation().identifier());
        json.put("quoting", Map.of());
        json.put("loaded_at_field", null);
        json.put("freshness", null);
        json.put("external", null);
        json.put("description", source.description());
        json.put("columns", columns(source.columns()));
        json.put("meta", Map.of());
        json.put("source_meta", Map.of());
        json.put("tags", List.of());
        json.put(
                "config",
                source.config() == null
                        ? Map.of("enabled", true)
                        : source.config().values());
        json.put("relation_name", source.relation().render(target.dialect()));
        return json;
    }

    private static Map<String, Object> macro(Macro macro) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", macro.name());
        json.put("resource_type", "macro");
        json.put("package_name", macro.packageName());
        json.put("path", macro.originalFilePath());
        json.put("original_file_path", macro.originalFilePath());
        json.put("unique_id", macro.uniqueId());
        json.put("macro_sql", macro.macroSql());
        json.put("depends_on", Map.of("macros", List.of()));
        json.put("description", "");
        json.put("meta", Map.of());
        json.put("docs", Map.of("show", true));
        json.put("arguments", List.of());
        return json;
    }

    private static Map<String, Object> columns(Map<String, ColumnSpec> columns) {
        Map<String, Object> json = new LinkedHashMap<>();
        columns.values().forEach(column -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", column.name());
            entry.put("description", column.description());
            entry.put("meta", column.meta());
            entry.put("data_type", column.dataType());
            entry.put("constraints", List.of());
            entry.put("quote", null);
            entry.put("tags", List.of());
            json.put(column.name(), entry);
        });
        return json;
    }

    private static Map<String, Object> ref(Ref ref) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", ref.name());
        json.put("package", ref.packageName());
        json.put("version", null);
        return json;
    }

    private static String schemaOf(Node node, WarehouseTarget target) {
        return node.resourceType() == ResourceType.TEST ? target.schema() + "_dbt_test__audit" : target.schema();
    }

    private static String fileKeyName(Node node) {
        String attached = node.attachedNode();
        if (attached != null) {
            String[] parts = attached.split("\\.");
            return parts[0] + "s." + parts[parts.length - 1];
        }
        return node.sources().isEmpty()
                ? null
                : "sources." + node.sources().get(0).sourceName();
    }

    private static void writeAtomically(Map<String, Object> root, Path file) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path temporary = Files.createTempFile(dir, ".manifest", ".json.tmp");
            try {
                JSON.writeValue(temporary.toFile(), root);
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new TransformException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static String sha256(String text) {
        return digest("SHA-256", text);
    }

    private static String md5(String text) {
        return digest("MD5", text);
    }

    private static String digest(String algorithm, String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from this JVM", e);
        }
    }
}
