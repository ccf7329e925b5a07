package io.weir.transform.run;

import io.weir.transform.TransformException;
import io.weir.transform.project.Manifest;
import io.weir.transform.project.Node;
import io.weir.transform.project.ResourceType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The nodes a run executes, numbered in manifest order (the order they are preferred in when several are ready),
 * with the edges between them. Nodes that are not selected, and ephemeral models, are left out but their edges pass
 * through them: a selected node waits for every selected node upstream of it. In build order a node also waits for
 * the tests of what it reads.
 */
final class RunPlan {
    private final List<Node> nodes;
    private final int[][] children;
    private final int[] parentCounts;

    private RunPlan(List<Node> nodes, int[][] children, int[] parentCounts) {
        this.nodes = nodes;
        this.children = children;
        this.parentCounts = parentCounts;
    }

    static RunPlan of(Manifest manifest, Set<String> selected, boolean buildOrder) {
        DependencyGraph graph = DependencyGraph.of(manifest);
        BitSet runnable = new BitSet(graph.size());
        for (String id : selected) {
            Node node = manifest.nodes().get(id);
            int vertex = graph.index(id);
            if (node != null && vertex >= 0 && !node.isEphemeral()) {
                runnable.set(vertex);
            }
        }
        int[][] parents = parentsWithTests(manifest, graph, runnable, buildOrder);
        int[][] upstream = nearestRunnableAncestors(graph, parents, runnable);
        return build(manifest, graph, runnable, upstream);
    }

    private static RunPlan build(Manifest manifest, DependencyGraph graph, BitSet runnable, int[][] upstream) {
        int[] planIndex = new int[graph.size()];
        List<Node> nodes = new ArrayList<>(runnable.cardinality());
        for (int vertex = runnable.nextSetBit(0); vertex >= 0; vertex = runnable.nextSetBit(vertex + 1)) {
            planIndex[vertex] = nodes.size();
            nodes.add(manifest.nodes().get(graph.id(vertex)));
        }
        int[] parentCounts = new int[nodes.size()];
        int[] childCounts = new int[nodes.size()];
        for (int vertex = runnable.nextSetBit(0); vertex >= 0; vertex = runnable.nextSetBit(vertex + 1)) {
            parentCounts[planIndex[vertex]] = upstream[vertex].length;
            for (int parent : upstream[vertex]) {
                childCounts[planIndex[parent]]++;
            }
        }
        int[][] children = new int[nodes.size()][];
        for (int i = 0; i < children.length; i++) {
            children[i] = new int[childCounts[i]];
        }
        int[] filled = new int[nodes.size()];
        for (int vertex = runnable.nextSetBit(0); vertex >= 0; vertex = runnable.nextSetBit(vertex + 1)) {
            for (int parent : upstream[vertex]) {
                int from = planIndex[parent];
                children[from][filled[from]++] = planIndex[vertex];
            }
        }
        return new RunPlan(List.copyOf(nodes), children, parentCounts);
    }

    int size() {
        return nodes.size();
    }

    Node node(int index) {
        return nodes.get(index);
    }

    List<Node> nodes() {
        return nodes;
    }

    int[] children(int index) {
        return children[index];
    }

    int parentCount(int index) {
        return parentCounts[index];
    }

    /**
     * The graph's parent edges, plus in build order an edge from each selected test to the first nodes downstream of
     * everything the test reads, so those nodes (and through them all descendants) wait for the test.
     */
    private static int[][] parentsWithTests(
            Manifest manifest, DependencyGraph graph, BitSet runnable, boolean buildOrder) {
        int[][] parents = new int[graph.size()][];
        for (int vertex = 0; vertex < graph.size(); vertex++) {
            parents[vertex] = graph.parents(vertex);
        }
        if (!buildOrder) {
            return parents;
        }
        BitSet tests = new BitSet(graph.size());
        for (int vertex = 0; vertex < graph.size(); vertex++) {
            Node node = manifest.nodes().get(graph.id(vertex));
            if (node != null && node.resourceType() == ResourceType.TEST) {
                tests.set(vertex);
            }
        }
        Map<Integer, List<Integer>> extra = new HashMap<>();
        Map<Integer, BitSet> descendants = new HashMap<>();
        for (int test = runnable.nextSetBit(0); test >= 0; test = runnable.nextSetBit(test + 1)) {
            if (tests.get(test)) {
                for (int target : testTargets(graph, tests, descendants, test)) {
                    extra.computeIfAbsent(target, key -> new ArrayList<>()).add(test);
                }
            }
        }
        extra.forEach((vertex, added) -> parents[vertex] = IntStream.concat(
                        Arrays.stream(parents[vertex]), added.stream().mapToInt(Integer::intValue))
                .distinct()
                .toArray());
        return parents;
    }

    /** The non-test nodes downstream of all the test's parents none of whose own parents is. */
    private static int[] testTargets(DependencyGraph graph, BitSet tests, Map<Integer, BitSet> descendants, int test) {
        int[] tested = graph.parents(test);
        if (tested.length == 0) {
            return new int[0];
        }
        if (tested.length == 1) {
            return Arrays.stream(graph.children(tested[0]))
                    .filter(child -> !tests.get(child))
                    .toArray();
        }
        BitSet common = null;
        for (int parent : tested) {
            BitSet below = descendants.computeIfAbsent(
                    parent, key -> graph.reachable(single(key), SelectionCriterion.UNBOUNDED, false));
            if (common == null) {
                common = (BitSet) below.clone();
            } else {
                common.and(below);
            }
        }
        common.andNot(tests);
        BitSet downstreamOfAll = common;
        return downstreamOfAll.stream()
                .filter(vertex -> Arrays.stream(graph.parents(vertex)).noneMatch(downstreamOfAll::get))
                .toArray();
    }

    private static BitSet single(int vertex) {
        BitSet set = new BitSet();
        set.set(vertex);
        return set;
    }

    /** For each runnable vertex, the runnable vertices it must wait for, looking through the others. */
    private static int[][] nearestRunnableAncestors(DependencyGraph graph, int[][] parents, BitSet runnable) {
        int[] order = topologicalOrder(graph, parents);
        int[][] upstream = new int[graph.size()][];
        int[] mark = new int[graph.size()];
        int stamp = 0;
        int[] collected = new int[16];
        for (int vertex : order) {
            stamp++;
            int count = 0;
            for (int parent : parents[vertex]) {
                int[] reached = runnable.get(parent) ? new int[] {parent} : upstream[parent];
                for (int ancestor : reached) {
                    if (mark[ancestor] != stamp) {
                        mark[ancestor] = stamp;
                        if (count == collected.length) {
                            collected = Arrays.copyOf(collected, count * 2);
                        }
                        collected[count++] = ancestor;
                    }
                }
            }
            upstream[vertex] = Arrays.copyOf(collected, count);
        }
        return upstream;
    }

    private static int[] topologicalOrder(DependencyGraph graph, int[][] parents) {
        int size = graph.size();
        int[] pending = new int[size];
        List<List<Integer>> children = new ArrayList<>(size);
        for (int vertex = 0; vertex < size; vertex++) {
            children.add(new ArrayList<>(2));
        }
        Deque<Integer> ready = new ArrayDeque<>();
        for (int vertex = 0; vertex < size; vertex++) {
            pending[vertex] = parents[vertex].length;
            for (int parent : parents[vertex]) {
                children.get(parent).add(vertex);
            }
            if (pending[vertex] == 0) {
                ready.add(vertex);
            }
        }
        int[] order = new int[size];
        int count = 0;
        while (!ready.isEmpty()) {
            int vertex = ready.poll();
            order[count++] = vertex;
            for (int child : children.get(vertex)) {
                if (--pending[child] == 0) {
                    ready.add(child);
                }
            }
        }
        if (count < size) {
            String cycle = IntStream.range(0, size)
                    .filter(vertex -> pending[vertex] > 0)
                    .mapToObj(graph::id)
                    .limit(10)
                    .collect(Collectors.joining(", "));
            throw new TransformException("The project's nodes depend on each other in a cycle, through " + cycle
                    + "; remove one of the ref() calls that close the loop.");
        }
        return order;
    }
}
