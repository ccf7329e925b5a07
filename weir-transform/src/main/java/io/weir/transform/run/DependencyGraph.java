package io.weir.transform.run;

import io.weir.transform.project.Manifest;
import io.weir.transform.project.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The manifest's nodes and sources as vertices numbered in manifest order (sources first), with parent and child
 * edges. Selection walks it; the runner orders work by it. Immutable once built.
 */
final class DependencyGraph {
    private final List<String> ids;
    private final Map<String, Integer> indexById;
    private final int[][] parents;
    private final int[][] children;

    private DependencyGraph(List<String> ids, Map<String, Integer> indexById, int[][] parents, int[][] children) {
        this.ids = ids;
        this.indexById = indexById;
        this.parents = parents;
        this.children = children;
    }

    static DependencyGraph of(Manifest manifest) {
        List<String> ids =
                new ArrayList<>(manifest.sources().size() + manifest.nodes().size());
        ids.addAll(manifest.sources().keySet());
        ids.addAll(manifest.nodes().keySet());
        Map<String, Integer> indexById = new HashMap<>(ids.size() * 2);
        for (int i = 0; i < ids.size(); i++) {
            indexById.put(ids.get(i), i);
        }
        int[][] parents = new int[ids.size()][];
        int[] childCounts = new int[ids.size()];
        int offset = manifest.sources().size();
        Arrays.fill(parents, 0, offset, new int[0]);
        int index = offset;
        for (Node node : manifest.nodes().values()) {
            parents[index] = node.dependsOn().stream()
                    .map(indexById::get)
                    .filter(parent -> parent != null)
                    .mapToInt(Integer::intValue)
                    .distinct()
                    .toArray();
            for (int parent : parents[index]) {
                childCounts[parent]++;
            }
            index++;
        }
        return new DependencyGraph(ids, indexById, parents, invert(parents, childCounts));
    }

    private static int[][] invert(int[][] parents, int[] childCounts) {
        int[][] children = new int[parents.length][];
        for (int i = 0; i < children.length; i++) {
            children[i] = new int[childCounts[i]];
        }
        int[] filled = new int[parents.length];
        for (int child = 0; child < parents.length; child++) {
            for (int parent : parents[child]) {
                children[parent][filled[parent]++] = child;
            }
        }
        return children;
    }

    int size() {
        return ids.size();
    }

    String id(int index) {
        return ids.get(index);
    }

    /** The vertex of {@code uniqueId}, or -1 when the manifest has no such node or source. */
    int index(String uniqueId) {
        Integer index = indexById.get(uniqueId);
        return index == null ? -1 : index;
    }

    int[] parents(int index) {
        return parents[index];
    }

    int[] children(int index) {
        return children[index];
    }

    /** The vertices reachable from {@code start} within {@code depth} steps up (or down), excluding the start. */
    BitSet reachable(BitSet start, int depth, boolean upstream) {
        BitSet seen = new BitSet(size());
        BitSet frontier = (BitSet) start.clone();
        int level = 0;
        while (!frontier.isEmpty() && level < depth) {
            BitSet next = new BitSet(size());
            for (int vertex = frontier.nextSetBit(0); vertex >= 0; vertex = frontier.nextSetBit(vertex + 1)) {
                for (int neighbour : upstream ? parents[vertex] : children[vertex]) {
                    if (!seen.get(neighbour)) {
                        seen.set(neighbour);
                        next.set(neighbour);
                    }
                }
            }
            frontier = next;
            level++;
        }
        return seen;
    }
}
