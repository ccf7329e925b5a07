package io.weir.core.dag;

import io.weir.core.dag.TaskParser.ParsedTask;
import io.weir.core.dag.TaskParser.Upstream;
import io.weir.core.task.ExpansionException;
import io.weir.core.task.FileProblem;
import io.weir.core.task.GeneratedTask;
import io.weir.core.task.ProjectFiles;
import io.weir.core.task.TaskType;
import io.weir.core.task.TaskTypeRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns parsed task entries into the DAG's tasks: an entry its type expands becomes one task per generated task
 * ({@code <entry>.<suffix>}), and a task after such an entry is after all of its tasks.
 */
final class TaskExpansion {
    private final TaskTypeRegistry types;
    private final ProjectFiles files;
    private final Problems problems;
    private final String label;

    TaskExpansion(TaskTypeRegistry types, ProjectFiles files, Problems problems, String label) {
        this.types = types;
        this.files = files;
        this.problems = problems;
        this.label = label;
    }

    Map<String, TaskSpec> tasks(List<ParsedTask> parsed) {
        Set<String> entryIds = new HashSet<>();
        parsed.forEach(task -> entryIds.add(task.taskId()));
        Map<String, List<GeneratedTask>> generated = new LinkedHashMap<>();
        Map<String, List<String>> members = new LinkedHashMap<>();
        Set<String> ids = new HashSet<>(entryIds);
        for (ParsedTask task : parsed) {
            List<GeneratedTask> tasks = expand(task);
            if (tasks.isEmpty()) {
                continue;
            }
            List<String> memberIds = new ArrayList<>();
            for (GeneratedTask one : tasks) {
                String id = task.taskId() + "." + one.idSuffix();
                if (!TaskParser.ID.matcher(id).matches()) {
                    problems.at(
                            task.keyNode(),
                            "Task '" + task.taskId() + "' generates the task id '" + id + "', which may only contain"
                                    + " letters, digits, '_', '.' and '-'; rename what it is generated from");
                } else if (!ids.add(id)) {
                    problems.at(
                            task.keyNode(),
                            "Task '" + task.taskId() + "' generates the task '" + id + "', which " + label
                                    + " already has; rename one of them");
                }
                memberIds.add(id);
            }
            generated.put(task.taskId(), tasks);
            members.put(task.taskId(), memberIds);
        }
        Map<String, TaskSpec> result = new LinkedHashMap<>();
        for (ParsedTask task : parsed) {
            TaskSpec spec = task.spec();
            List<String> upstream = task.upstream().stream()
                    .map(Upstream::taskId)
                    .flatMap(id -> members.getOrDefault(id, List.of(id)).stream())
                    .distinct()
                    .toList();
            List<GeneratedTask> tasks = generated.get(task.taskId());
            if (tasks == null) {
                result.put(spec.taskId(), copy(spec, spec.taskId(), upstream, spec.params()));
            } else {
                for (GeneratedTask one : tasks) {
                    String id = task.taskId() + "." + one.idSuffix();
                    result.put(id, copy(spec, id, upstream, one.params()));
                }
            }
        }
        return result;
    }

    private List<GeneratedTask> expand(ParsedTask task) {
        TaskType type = types.find(task.spec().type()).orElseThrow();
        String where = "Task '" + task.taskId() + "' of " + label + ": ";
        try {
            return type.expand(task.spec().params(), files);
        } catch (ExpansionException e) {
            for (FileProblem problem : e.problems()) {
                if (problem.file() == null) {
                    problems.at(task.keyNode(), where + problem.message());
                } else {
                    problems.inFile(Path.of(problem.file()), problem.line(), where + problem.message());
                }
            }
        } catch (RuntimeException e) {
            problems.at(
                    task.keyNode(), where + "the '" + type.name() + "' type could not generate its tasks (" + e + ")");
        }
        return List.of();
    }

    private static TaskSpec copy(TaskSpec spec, String taskId, List<String> upstream, Map<String, Object> params) {
        return new TaskSpec(
                taskId,
                spec.type(),
                upstream,
                spec.triggerRule(),
                spec.retries(),
                spec.retryDelay(),
                spec.retryExponentialBackoff(),
                spec.maxRetryDelay(),
                spec.executionTimeout(),
                spec.dependsOnPast(),
                spec.waitForDownstream(),
                spec.priorityWeight(),
                spec.pool(),
                spec.poolSlots(),
                spec.secrets(),
                spec.owner(),
                params,
                spec.line());
    }
}
