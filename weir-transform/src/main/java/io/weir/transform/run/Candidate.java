package io.weir.transform.run;

import io.weir.transform.project.Node;
import io.weir.transform.project.NodeConfig;
import io.weir.transform.project.ResourceType;
import io.weir.transform.project.SourceTable;
import java.util.List;

/** A node or a source as selector methods see it: exactly one of {@code node} and {@code source} is set. */
record Candidate(Node node, SourceTable source) {

    static Candidate of(Node node) {
        return new Candidate(node, null);
    }

    static Candidate of(SourceTable source) {
        return new Candidate(null, source);
    }

    ResourceType resourceType() {
        return node != null ? node.resourceType() : ResourceType.SOURCE;
    }

    String packageName() {
        return node != null ? node.packageName() : source.packageName();
    }

    String name() {
        return node != null ? node.name() : source.name();
    }

    List<String> fqn() {
        return node != null ? node.fqn() : source.fqn();
    }

    String originalFilePath() {
        String path = node != null ? node.originalFilePath() : source.originalFilePath();
        return path == null ? "" : path.replace('\\', '/');
    }

    NodeConfig config() {
        NodeConfig config = node != null ? node.config() : source.config();
        return config == null ? NodeConfig.empty() : config;
    }
}
