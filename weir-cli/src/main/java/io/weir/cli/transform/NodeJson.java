package io.weir.cli.transform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.transform.project.Node;
import java.util.LinkedHashMap;
import java.util.Map;

/** A node as one line of JSON, with the keys {@code dbt ls --output json} prints. */
final class NodeJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private NodeJson() {}

    static String of(Node node) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", node.name());
        json.put("resource_type", node.resourceType().manifestName());
        json.put("package_name", node.packageName());
        json.put("original_file_path", node.originalFilePath());
        json.put("unique_id", node.uniqueId());
        if (node.relation() != null) {
            json.put("alias", node.relation().identifier());
        }
        json.put("config", node.config().values());
        json.put("tags", node.config().tags());
        json.put("depends_on", Map.of("nodes", node.dependsOn(), "macros", node.dependsOnMacros()));
        try {
            return JSON.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + node.uniqueId() + " as JSON", e);
        }
    }
}
