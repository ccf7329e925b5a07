package io.weir.transform.run;

import io.weir.transform.project.Manifest;
import io.weir.transform.project.Node;
import io.weir.transform.project.ResourceType;
import java.util.BitSet;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Node selection as {@code --select} and {@code --exclude} express it. Within one argument, spaces separate selectors
 * whose results are united and commas join selectors whose results are intersected. A selector is
 * {@code [@][n+]method:value[+n]}: {@code +} before adds ancestors (up to {@code n} levels), after adds descendants,
 * {@code @} adds descendants and all their ancestors. Without a method the value is a file name ({@code .sql},
 * {@code .csv}, {@code .py}), a path (it has a slash) or a fully qualified name: a node name, a package, a
 * {@code package.folder} prefix or a wildcard pattern.
 *
 * <p>Tests follow what they test (eager indirect selection): every selector also picks the tests attached to any
 * node it selects, so excluding a model excludes its tests too.
 */
public final class Selector {
    private final DependencyGraph graph;
    private final Candidate[] candidates;

    private Selector(Manifest manifest) {
        this.graph = DependencyGraph.of(manifest);
        this.candidates = new Candidate[graph.size()];
        int index = 0;
        for (var source : manifest.sources().values()) {
            candidates[index++] = Candidate.of(source);
        }
        for (Node node : manifest.nodes().values()) {
            candidates[index++] = Candidate.of(node);
        }
    }

    /**
     * The unique ids of the nodes (and sources, when {@code types} holds {@link ResourceType#SOURCE}) selected, in
     * manifest order; empty when the selectors match nothing.
     *
     * @param select selectors to include; none means every node
     * @param exclude selectors to leave out
     * @param types the resource types the command works on; none means all
     * @throws io.weir.transform.TransformException naming a selector that cannot be read
     */
    public static Set<String> select(
            Manifest manifest, List<String> select, List<String> exclude, Set<ResourceType> types) {
        Selector selector = new Selector(manifest);
        BitSet included = selector.union(select == null ? List.of() : select, true);
        included.andNot(selector.union(exclude == null ? List.of() : exclude, false));
        Set<ResourceType> wanted =
                types == null || types.isEmpty() ? EnumSet.allOf(ResourceType.class) : EnumSet.copyOf(types);
        Set<String> selected = new LinkedHashSet<>();
        for (int vertex = included.nextSetBit(0); vertex >= 0; vertex = included.nextSetBit(vertex + 1)) {
            Candidate candidate = selector.candidates[vertex];
            if (wanted.contains(candidate.resourceType()) && candidate.config().enabled()) {
                selected.add(selector.graph.id(vertex));
            }
        }
        return Collections.unmodifiableSet(selected);
    }

    private BitSet union(List<String> arguments, boolean everythingWhenEmpty) {
        BitSet result = new BitSet(graph.size());
        boolean any = false;
        for (String argument : arguments) {
            if (argument == null) {
                continue;
            }
            for (String token : argument.trim().split("\\s+")) {
                if (!token.isEmpty()) {
                    result.or(intersection(token));
                    any = true;
                }
            }
        }
        if (!any && everythingWhenEmpty) {
            result.set(0, graph.size());
        }
        return result;
    }

    private BitSet intersection(String token) {
        BitSet result = null;
        for (String part : token.split(",")) {
            if (part.isEmpty()) {
                continue;
            }
            BitSet matched = evaluate(SelectionCriterion.parse(part));
            if (result == null) {
                result = matched;
            } else {
                result.and(matched);
            }
        }
        return result == null ? new BitSet() : result;
    }

    private BitSet evaluate(SelectionCriterion criterion) {
        Predicate<Candidate> matcher = SelectionMethod.matcher(criterion);
        BitSet collected = new BitSet(graph.size());
        for (int vertex = 0; vertex < candidates.length; vertex++) {
            if (matcher.test(candidates[vertex])) {
                collected.set(vertex);
            }
        }
        BitSet selected = (BitSet) collected.clone();
        if (criterion.childrensParents()) {
            BitSet descendants = graph.reachable(collected, SelectionCriterion.UNBOUNDED, false);
            descendants.or(collected);
            selected.or(descendants);
            selected.or(graph.reachable(descendants, SelectionCriterion.UNBOUNDED, true));
        }
        if (criterion.parentsDepth() != SelectionCriterion.NONE) {
            selected.or(graph.reachable(collected, criterion.parentsDepth(), true));
        }
        if (criterion.childrenDepth() != SelectionCriterion.NONE) {
            selected.or(graph.reachable(collected, criterion.childrenDepth(), false));
        }
        addAttachedTests(selected);
        return selected;
    }

    /** Eager indirect selection: a test any of whose parents is selected is selected too. */
    private void addAttachedTests(BitSet selected) {
        BitSet tests = new BitSet(graph.size());
        for (int vertex = selected.nextSetBit(0); vertex >= 0; vertex = selected.nextSetBit(vertex + 1)) {
            for (int child : graph.children(vertex)) {
                if (candidates[child].resourceType() == ResourceType.TEST) {
                    tests.set(child);
                }
            }
        }
        selected.or(tests);
    }
}
