package io.weir.core.dag;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Finds the cycles of a task graph: one per strongly connected group of tasks, as a path a user can follow. */
final class TaskCycles {
    private final Map<String, List<String>> downstream = new LinkedHashMap<>();
    private final Map<String, Integer> order = new HashMap<>();
    private final Map<String, Integer> index = new HashMap<>();
    private final Map<String, Integer> lowLink = new HashMap<>();
    private final ArrayDeque<String> stack = new ArrayDeque<>();
    private final Set<String> onStack = new HashSet<>();
    private final List<List<String>> cycles = new ArrayList<>();

    private TaskCycles(Map<String, List<String>> upstream) {
        upstream.keySet().forEach(taskId -> {
            order.put(taskId, order.size());
            downstream.put(taskId, new ArrayList<>());
        });
        upstream.forEach((taskId, ups) -> ups.stream()
                .filter(downstream::containsKey)
                .distinct()
                .forEach(up -> downstream.get(up).add(taskId)));
    }

    /**
     * Each cycle as task ids in the order work flows, first task repeated at the end ({@code a, b, a}), starting
     * with the task that comes first in the file. Upstream ids that are not tasks are ignored.
     *
     * @param upstream each task's upstream ids, tasks in file order
     */
    static List<List<String>> find(Map<String, List<String>> upstream) {
        TaskCycles search = new TaskCycles(upstream);
        search.downstream.keySet().forEach(taskId -> {
            if (!search.index.containsKey(taskId)) {
                search.connect(taskId);
            }
        });
        search.cycles.sort((left, right) -> search.order.get(left.get(0)) - search.order.get(right.get(0)));
        return search.cycles;
    }

    // Tarjan's strongly connected components
    private void connect(String taskId) {
        index.put(taskId, index.size());
        lowLink.put(taskId, index.get(taskId));
        stack.push(taskId);
        onStack.add(taskId);
        for (String next : downstream.get(taskId)) {
            if (!index.containsKey(next)) {
                connect(next);
                lowLink.put(taskId, Math.min(lowLink.get(taskId), lowLink.get(next)));
            } else if (onStack.contains(next)) {
                lowLink.put(taskId, Math.min(lowLink.get(taskId), index.get(next)));
            }
        }
        if (lowLink.get(taskId).equals(index.get(taskId))) {
            Set<String> component = new HashSet<>();
            String member;
            do {
                member = stack.pop();
                onStack.remove(member);
                component.add(member);
            } while (!member.equals(taskId));
            if (component.size() > 1 || downstream.get(taskId).contains(taskId)) {
                cycles.add(shortestCycle(component));
            }
        }
    }

    private List<String> shortestCycle(Set<String> component) {
        String start =
                component.stream().min((l, r) -> order.get(l) - order.get(r)).orElseThrow();
        Map<String, String> previous = new HashMap<>();
        ArrayDeque<String> queue = new ArrayDeque<>(List.of(start));
        while (!queue.isEmpty()) {
            String current = queue.poll();
            for (String next : downstream.get(current)) {
                if (next.equals(start)) {
                    List<String> path = new ArrayList<>(List.of(start));
                    for (String step = current; !step.equals(start); step = previous.get(step)) {
                        path.add(step);
                    }
                    path.add(start);
                    Collections.reverse(path);
                    return path;
                }
                if (component.contains(next) && !previous.containsKey(next)) {
                    previous.put(next, current);
                    queue.add(next);
                }
            }
        }
        throw new IllegalStateException("no cycle through " + start);
    }
}
