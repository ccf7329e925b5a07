package io.weir.transform.project;

import io.weir.core.Suggestions;
import io.weir.transform.TransformException;
import io.weir.transform.jinja.Ref;
import io.weir.transform.jinja.SourceRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolves every node's refs and sources to unique ids, and refuses a project whose models form a cycle. Errors
 * name the node's file, the call, and a close name when there is one.
 */
final class Dependencies {
    private final String projectName;
    private final Set<String> packageNames;
    private final Map<String, NodeDraft> refable = new HashMap<>();
    private final Map<String, NodeDraft> disabled = new HashMap<>();
    private final Map<String, SourceTable> sources;

    Dependencies(
            String projectName,
            Collection<String> packageNames,
            Collection<NodeDraft> enabled,
            Collection<NodeDraft> disabledNodes,
            Map<String, SourceTable> sources) {
        this.projectName = projectName;
        this.packageNames = Set.copyOf(packageNames);
        this.sources = sources;
        for (NodeDraft draft : enabled) {
            if (!draft.isRefable()) {
                continue;
            }
            NodeDraft earlier = refable.putIfAbsent(draft.name, draft);
            if (earlier != null) {
                throw new TransformException("Two resources are named '" + draft.name + "': " + earlier.originalFilePath
                        + " and " + draft.originalFilePath + "; names must be unique across models, seeds and"
                        + " snapshots, so rename one or disable it");
            }
        }
        disabledNodes.stream().filter(NodeDraft::isRefable).forEach(draft -> disabled.putIfAbsent(draft.name, draft));
    }

    /** Whether {@code name} is a disabled model, seed or snapshot (so its tests are left out, as dbt does). */
    boolean isDisabled(String name) {
        return !refable.containsKey(name) && disabled.containsKey(name);
    }

    NodeDraft refable(String name) {
        return refable.get(name);
    }

    void resolve(NodeDraft draft) {
        Set<String> dependsOn = new LinkedHashSet<>();
        for (Ref ref : draft.refs) {
            dependsOn.add(resolve(draft, ref).uniqueId);
        }
        for (SourceRef source : draft.sources) {
            dependsOn.add(resolve(draft, source).uniqueId());
        }
        draft.dependsOn = List.copyOf(dependsOn);
    }

    private NodeDraft resolve(NodeDraft draft, Ref ref) {
        if (ref.packageName() != null && !packageNames.contains(ref.packageName())) {
            throw new TransformException("Compilation error in " + draft.where() + ": " + ref + " names the package '"
                    + ref.packageName() + "', which is neither the project '" + projectName
                    + "' nor an installed package; add it to packages.yml and run `weir transform deps`");
        }
        NodeDraft target = refable.get(ref.name());
        if (target != null && ref.packageName() != null && !target.fqn.get(0).equals(ref.packageName())) {
            throw new TransformException("Compilation error in " + draft.where() + ": " + ref + " names a node of '"
                    + ref.packageName() + "', but '" + ref.name() + "' is in '" + target.fqn.get(0) + "' ("
                    + target.originalFilePath + "); fix the package name");
        }
        if (target != null) {
            return target;
        }
        NodeDraft off = disabled.get(ref.name());
        if (off != null) {
            throw new TransformException("Compilation error in " + draft.where() + ": " + ref + " points to the "
                    + off.type.manifestName() + " " + off.name + " (" + off.originalFilePath + "), which is disabled;"
                    + " enable it or remove the ref");
        }
        String close = Suggestions.closest(ref.name(), refable.keySet()).orElse(null);
        throw new TransformException("Compilation error in " + draft.where() + ": " + ref
                + " names no model, seed or snapshot"
                + (close == null ? "; check the name" : "; did you mean ref('" + close + "')?"));
    }

    private SourceTable resolve(NodeDraft draft, SourceRef source) {
        SourceTable table =
                sources.get("source." + draft.fqn.get(0) + "." + source.sourceName() + "." + source.tableName());
        if (table != null) {
            return table;
        }
        List<String> known = sources.values().stream()
                .map(found -> found.sourceName() + "', '" + found.name())
                .toList();
        String close = Suggestions.closest(source.sourceName() + "', '" + source.tableName(), known)
                .orElse(null);
        throw new TransformException("Compilation error in " + draft.where() + ": " + source
                + " names no table of a source in the properties files"
                + (close == null ? "; declare it under sources:" : "; did you mean source('" + close + "')?"));
    }

    /** Refuses a cycle among {@code nodes}, naming the nodes in it. */
    static void checkAcyclic(Map<String, NodeDraft> nodes) {
        Map<String, Integer> state = new HashMap<>();
        for (String id : nodes.keySet()) {
            List<String> path = new ArrayList<>();
            if (visit(id, nodes, state, path)) {
                int start = path.indexOf(path.get(path.size() - 1));
                List<String> cycle = path.subList(start, path.size());
                throw new TransformException("Found a cycle: " + String.join(" --> ", cycle)
                        + "; a model cannot depend on itself, so remove one of these refs");
            }
        }
    }

    private static boolean visit(
            String id, Map<String, NodeDraft> nodes, Map<String, Integer> state, List<String> path) {
        Integer seen = state.get(id);
        if (seen != null && seen == 2) {
            return false;
        }
        path.add(id);
        if (seen != null) {
            return true;
        }
        state.put(id, 1);
        NodeDraft draft = nodes.get(id);
        if (draft != null) {
            for (String parent : draft.dependsOn) {
                if (nodes.containsKey(parent) && visit(parent, nodes, state, path)) {
                    return true;
                }
            }
        }
        state.put(id, 2);
        path.remove(path.size() - 1);
        return false;
    }
}
