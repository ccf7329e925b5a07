package io.weir.core.dag;

import static java.util.Objects.requireNonNull;

import io.weir.core.schedule.Timetable;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A parsed and validated DAG: its schedule, its settings and its tasks in file order. The task graph is acyclic
 * (the parser rejects cycles) and every upstream id exists.
 *
 * @param file the DAG file, relative to the project folder
 * @param timetable null when the DAG has no schedule (runs only when triggered)
 * @param endDate null when open-ended
 * @param fingerprint a hash of the file's content, to tell a changed DAG from an unchanged one
 */
public record Dag(
        String dagId,
        Path file,
        String description,
        Timetable timetable,
        Instant startDate,
        Instant endDate,
        boolean catchup,
        int maxActiveRuns,
        int maxActiveTasks,
        ZoneId timezone,
        List<String> tags,
        Set<String> secrets,
        Map<String, Object> params,
        Map<String, TaskSpec> tasks,
        String fingerprint) {

    public Dag {
        requireNonNull(dagId, "dagId is null");
        requireNonNull(file, "file is null");
        requireNonNull(timezone, "timezone is null");
        tags = List.copyOf(tags);
        secrets = Set.copyOf(secrets);
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        tasks = Collections.unmodifiableMap(new LinkedHashMap<>(tasks));
        if (maxActiveRuns < 1) {
            throw new IllegalArgumentException("max_active_runs must be at least 1: " + maxActiveRuns);
        }
        if (maxActiveTasks < 1) {
            throw new IllegalArgumentException("max_active_tasks must be at least 1: " + maxActiveTasks);
        }
    }

    public TaskSpec task(String taskId) {
        return tasks.get(taskId);
    }

    /** The owners its tasks name (directly or through {@code default_args}), each once, sorted. */
    public List<String> owners() {
        return tasks.values().stream()
                .map(TaskSpec::owner)
                .filter(Objects::nonNull)
                .distinct()
                .sorted()
                .toList();
    }

    /** Direct downstream task ids of each task. */
    public Map<String, List<String>> downstream() {
        Map<String, List<String>> downstream = new HashMap<>();
        for (TaskSpec task : tasks.values()) {
            downstream.putIfAbsent(task.taskId(), new ArrayList<>());
            for (String up : task.upstream()) {
                downstream.computeIfAbsent(up, key -> new ArrayList<>()).add(task.taskId());
            }
        }
        return downstream;
    }

    /** Tasks nothing depends on; they decide a run's state. */
    public Set<String> leaves() {
        Set<String> leaves = new HashSet<>(tasks.keySet());
        for (TaskSpec task : tasks.values()) {
            task.upstream().forEach(leaves::remove);
        }
        return leaves;
    }

    /** All tasks reachable downstream of {@code taskId} (not including it). */
    public Set<String> allDownstream(String taskId) {
        return reach(taskId, downstream());
    }

    /** All tasks reachable upstream of {@code taskId} (not including it). */
    public Set<String> allUpstream(String taskId) {
        Map<String, List<String>> upstream = new HashMap<>();
        tasks.values().forEach(task -> upstream.put(task.taskId(), task.upstream()));
        return reach(taskId, upstream);
    }

    private static Set<String> reach(String from, Map<String, List<String>> edges) {
        Set<String> seen = new HashSet<>();
        ArrayDeque<String> todo = new ArrayDeque<>(edges.getOrDefault(from, List.of()));
        while (!todo.isEmpty()) {
            String next = todo.pop();
            if (seen.add(next)) {
                todo.addAll(edges.getOrDefault(next, List.of()));
            }
        }
        return seen;
    }

    /**
     * The weight the scheduler orders ready tasks by, as Airflow's default "downstream" rule: a task's own
     * priority_weight plus that of every task downstream of it.
     */
    public Map<String, Integer> effectivePriorityWeights() {
        Map<String, List<String>> downstream = downstream();
        Map<String, Integer> weights = new HashMap<>();
        for (String taskId : tasks.keySet()) {
            int weight = tasks.get(taskId).priorityWeight();
            for (String down : reach(taskId, downstream)) {
                weight += tasks.get(down).priorityWeight();
            }
            weights.put(taskId, weight);
        }
        return weights;
    }
}
