package io.weir.transform.project;

import io.weir.transform.jinja.Ref;
import io.weir.transform.jinja.SourceRef;
import io.weir.warehouse.Relation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A node while its project loads: filled in step by step, then frozen into a {@link Node}. */
final class NodeDraft {
    final ResourceType type;
    final String name;
    final String originalFilePath;
    final String path;
    final List<String> fqn;
    final String rawCode;
    final String uniqueId;
    Map<String, Object> config = new LinkedHashMap<>();
    final List<Ref> refs = new ArrayList<>();
    final List<SourceRef> sources = new ArrayList<>();
    List<String> dependsOn = List.of();
    List<String> dependsOnMacros = List.of();
    String description = "";
    Map<String, ColumnSpec> columns = Map.of();
    TestSpec test;
    /** For a generic test: the model, seed or snapshot it tests, by name; null for a source's test. */
    String testedNode;

    String attachedNode;
    Relation relation;
    /** The error of the parse pass when the template failed; the node then fails when it compiles. */
    String parseError;

    NodeDraft(
            ResourceType type,
            String uniqueId,
            String name,
            String originalFilePath,
            String path,
            List<String> fqn,
            String rawCode) {
        this.type = type;
        this.uniqueId = uniqueId;
        this.name = name;
        this.originalFilePath = originalFilePath;
        this.path = path;
        this.fqn = List.copyOf(fqn);
        this.rawCode = rawCode;
    }

    /** The node and its file as messages name them: {@code model orders (models/orders.sql)}. */
    String where() {
        return type.manifestName() + " " + name + " (" + originalFilePath + ")";
    }

    boolean enabled() {
        return !Boolean.FALSE.equals(config.get("enabled")) && !"false".equals(String.valueOf(config.get("enabled")));
    }

    boolean isRefable() {
        return type == ResourceType.MODEL || type == ResourceType.SEED || type == ResourceType.SNAPSHOT;
    }

    Node freeze() {
        return new Node(
                uniqueId,
                type,
                fqn.get(0),
                name,
                originalFilePath,
                path,
                fqn,
                rawCode,
                new NodeConfig(config),
                refs,
                sources,
                dependsOn,
                dependsOnMacros,
                description,
                columns,
                test,
                attachedNode,
                relation);
    }
}
