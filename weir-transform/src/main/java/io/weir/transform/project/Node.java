package io.weir.transform.project;

import static java.util.Objects.requireNonNull;

import io.weir.transform.jinja.Ref;
import io.weir.transform.jinja.SourceRef;
import io.weir.warehouse.Relation;
import java.util.List;
import java.util.Map;

/**
 * One model, seed, snapshot, test or analysis of a project, as the manifest describes it.
 *
 * @param uniqueId {@code model.<package>.<name>}, {@code test.<package>.<test name>.<hash>} and so on
 * @param resourceType what the node is
 * @param packageName the project (or package) the node belongs to
 * @param name the node's name: the file stem for models, seeds and analyses, the block name for snapshots, the
 *     generated test name for generic tests
 * @param originalFilePath the file the node comes from, relative to the project folder, with forward slashes
 * @param path the file relative to its resource folder ({@code staging/stg_orders.sql})
 * @param fqn the fully qualified name: package, sub-folders, name
 * @param rawCode the SQL with its Jinja as written (a seed's is empty)
 * @param config the resolved configuration
 * @param refs the {@code ref()} calls in the node, in order of appearance
 * @param sources the {@code source()} calls in the node
 * @param dependsOn the unique ids of the nodes and sources this node reads, resolved from its refs and sources (a
 *     test depends on what it tests)
 * @param dependsOnMacros macros the node calls, by unique id ({@code macro.<package>.<name>})
 * @param description from the properties files
 * @param columns documented columns, by name
 * @param test for a generic test, what it tests; null otherwise
 * @param attachedNode for a test, the unique id of the node it tests (null for a singular test)
 * @param relation where the node's result lives in the warehouse; null for tests, analyses and ephemeral models
 */
public record Node(
        String uniqueId,
        ResourceType resourceType,
        String packageName,
        String name,
        String originalFilePath,
        String path,
        List<String> fqn,
        String rawCode,
        NodeConfig config,
        List<Ref> refs,
        List<SourceRef> sources,
        List<String> dependsOn,
        List<String> dependsOnMacros,
        String description,
        Map<String, ColumnSpec> columns,
        TestSpec test,
        String attachedNode,
        Relation relation) {

    public Node {
        requireNonNull(uniqueId, "uniqueId is null");
        requireNonNull(resourceType, "resourceType is null");
        requireNonNull(packageName, "packageName is null");
        requireNonNull(name, "name is null");
        requireNonNull(originalFilePath, "originalFilePath is null");
        requireNonNull(config, "config is null");
        fqn = List.copyOf(fqn);
        refs = List.copyOf(refs);
        sources = List.copyOf(sources);
        dependsOn = List.copyOf(dependsOn);
        dependsOnMacros = List.copyOf(dependsOnMacros);
        columns = Map.copyOf(columns);
        description = description == null ? "" : description;
        rawCode = rawCode == null ? "" : rawCode;
    }

    public boolean isEphemeral() {
        return resourceType == ResourceType.MODEL && "ephemeral".equals(config.materialized());
    }
}
