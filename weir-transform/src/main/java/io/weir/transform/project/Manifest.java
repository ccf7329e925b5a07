package io.weir.transform.project;

import static java.util.Objects.requireNonNull;

import io.weir.transform.jinja.Macro;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A parsed project: every node, source and macro by unique id, and the edges between them. Refs are resolved, so
 * {@link Node#dependsOn()} names only ids found here.
 *
 * @param parseErrors the nodes whose template failed in the parse pass, by unique id: the error, which compiling
 *     the node reports, so that one broken node does not stop the others
 */
public record Manifest(
        ProjectInfo project,
        Map<String, Node> nodes,
        Map<String, SourceTable> sources,
        Map<String, Macro> macros,
        Map<String, String> parseErrors) {

    public Manifest {
        requireNonNull(project, "project is null");
        nodes = Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
        sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
        macros = Collections.unmodifiableMap(new LinkedHashMap<>(macros));
        parseErrors = Map.copyOf(parseErrors);
    }

    public Manifest(
            ProjectInfo project, Map<String, Node> nodes, Map<String, SourceTable> sources, Map<String, Macro> macros) {
        this(project, nodes, sources, macros, Map.of());
    }

    /** Each node's and source's parents, by unique id, sorted as dbt writes {@code parent_map}. */
    public Map<String, List<String>> parentMap() {
        Map<String, List<String>> parents = new TreeMap<>();
        sources.keySet().forEach(id -> parents.put(id, List.of()));
        nodes.values()
                .forEach(node -> parents.put(
                        node.uniqueId(), node.dependsOn().stream().sorted().toList()));
        return parents;
    }

    /** Each node's and source's children, by unique id, sorted as dbt writes {@code child_map}. */
    public Map<String, List<String>> childMap() {
        Map<String, List<String>> children = new TreeMap<>();
        sources.keySet().forEach(id -> children.put(id, new ArrayList<>()));
        nodes.keySet().forEach(id -> children.put(id, new ArrayList<>()));
        for (Node node : nodes.values()) {
            for (String parent : node.dependsOn()) {
                children.computeIfAbsent(parent, id -> new ArrayList<>()).add(node.uniqueId());
            }
        }
        children.replaceAll((id, list) -> list.stream().sorted().toList());
        return children;
    }
}
