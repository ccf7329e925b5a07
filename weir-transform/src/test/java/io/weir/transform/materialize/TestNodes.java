package io.weir.transform.materialize;

import io.weir.transform.project.Node;
import io.weir.transform.project.NodeConfig;
import io.weir.transform.project.ResourceType;
import io.weir.warehouse.Relation;
import java.util.List;
import java.util.Map;

/** Nodes as the project loader would give them, with only what materializing reads. */
final class TestNodes {
    private TestNodes() {}

    static Node model(Relation relation, Map<String, Object> config) {
        return node(
                ResourceType.MODEL,
                relation.identifier(),
                "models/" + relation.identifier() + ".sql",
                relation,
                config);
    }

    static Node seed(Relation relation, Map<String, Object> config) {
        return node(
                ResourceType.SEED, relation.identifier(), "seeds/" + relation.identifier() + ".csv", relation, config);
    }

    static Node snapshot(Relation relation, Map<String, Object> config) {
        return node(
                ResourceType.SNAPSHOT,
                relation.identifier(),
                "snapshots/" + relation.identifier() + ".sql",
                relation,
                config);
    }

    static Node test(String name, Map<String, Object> config) {
        return node(ResourceType.TEST, name, "tests/" + name + ".sql", null, config);
    }

    private static Node node(
            ResourceType type, String name, String file, Relation relation, Map<String, Object> config) {
        return new Node(
                type.manifestName() + ".shop." + name,
                type,
                "shop",
                name,
                file,
                file.substring(file.indexOf('/') + 1),
                List.of("shop", name),
                "",
                new NodeConfig(config),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                "",
                Map.of(),
                null,
                null,
                relation);
    }
}
