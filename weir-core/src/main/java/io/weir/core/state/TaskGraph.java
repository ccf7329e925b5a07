package io.weir.core.state;

import io.weir.core.dag.Dag;
import io.weir.core.dag.TaskSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A DAG's tasks in topological order with their edges as indexes, computed once per {@link Dag} instance so that
 * deciding a run costs time linear in the graph's size.
 */
final class TaskGraph {
    // a bound on the cache so DAGs that come and go cannot grow it without limit
    private static final int MAX_CACHED_DAGS = 4096;
    private static final Map<String, TaskGraph> CACHE = new ConcurrentHashMap<>();

    private final Dag dag;
    private final Map<String, Integer> indexes;
    private final TaskSpec[] tasks;
    private final int[][] upstream;
    private final String[][] downstream;
    private final boolean[] leaves;

    private TaskGraph(Dag dag) {
        this.dag = dag;
        List<TaskSpec> ordered = topologicalOrder(dag);
        int size = ordered.size();
        indexes = new HashMap<>(size * 2);
        tasks = ordered.toArray(new TaskSpec[0]);
        for (int index = 0; index < size; index++) {
            indexes.put(tasks[index].taskId(), index);
        }
        Map<String, List<String>> downstreamIds = dag.downstream();
        upstream = new int[size][];
        downstream = new String[size][];
        leaves = new boolean[size];
        for (int index = 0; index < size; index++) {
            TaskSpec task = tasks[index];
            upstream[index] = new LinkedHashSet<>(task.upstream())
                    .stream().mapToInt(indexes::get).toArray();
            downstream[index] =
                    new LinkedHashSet<>(downstreamIds.getOrDefault(task.taskId(), List.of())).toArray(new String[0]);
            leaves[index] = downstream[index].length == 0;
        }
    }

    /** The graph of {@code dag}, from the cache when this very instance was seen before. */
    static TaskGraph of(Dag dag) {
        TaskGraph cached = CACHE.get(dag.dagId());
        if (cached != null && cached.dag == dag) {
            return cached;
        }
        TaskGraph graph = new TaskGraph(dag);
        if (CACHE.size() >= MAX_CACHED_DAGS) {
            CACHE.clear();
        }
        CACHE.put(dag.dagId(), graph);
        return graph;
    }

    int size() {
        return tasks.length;
    }

    boolean contains(String taskId) {
        return indexes.containsKey(taskId);
    }

    TaskSpec task(int index) {
        return tasks[index];
    }

    int[] upstream(int index) {
        return upstream[index];
    }

    String[] downstreamTaskIds(int index) {
        return downstream[index];
    }

    boolean isLeaf(int index) {
        return leaves[index];
    }

    // Kahn's algorithm seeded in file order, so the order is stable for a given file
    private static List<TaskSpec> topologicalOrder(Dag dag) {
        Map<String, Integer> remainingUpstream = new HashMap<>();
        Map<String, List<String>> downstream = dag.downstream();
        ArrayDeque<String> ready = new ArrayDeque<>();
        for (TaskSpec task : dag.tasks().values()) {
            Set<String> upstream = new LinkedHashSet<>(task.upstream());
            for (String up : upstream) {
                if (dag.task(up) == null) {
                    throw new IllegalArgumentException(
                            "Task " + task.taskId() + " of DAG " + dag.dagId() + " is after unknown task " + up);
                }
            }
            remainingUpstream.put(task.taskId(), upstream.size());
            if (upstream.isEmpty()) {
                ready.add(task.taskId());
            }
        }
        List<TaskSpec> ordered = new ArrayList<>(dag.tasks().size());
        while (!ready.isEmpty()) {
            String taskId = ready.poll();
            ordered.add(dag.task(taskId));
            for (String down : new LinkedHashSet<>(downstream.getOrDefault(taskId, List.of()))) {
                if (remainingUpstream.merge(down, -1, Integer::sum) == 0) {
                    ready.add(down);
                }
            }
        }
        if (ordered.size() != dag.tasks().size()) {
            throw new IllegalArgumentException("DAG " + dag.dagId() + " has a cycle among its tasks");
        }
        return ordered;
    }
}
