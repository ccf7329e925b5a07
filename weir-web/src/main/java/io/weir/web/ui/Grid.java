package io.weir.web.ui;

import static java.util.Objects.requireNonNull;

import io.weir.core.state.TaskState;
import io.weir.store.DagRunRecord;
import io.weir.store.MetadataStore;
import io.weir.web.api.ApiJson;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The DAG page's grid: one column per run (oldest left), one row per task, each cell the instance's state. A page
 * shows {@link #PAGE} runs; {@code offset} counts runs back from the newest. Three narrow store queries, however many runs.
 */
public record Grid(String dagId, List<String> taskIds, List<Column> runs, int offset, int totalRuns) {
    public static final int PAGE = 25;

    public Grid {
        requireNonNull(dagId, "dagId is null");
        taskIds = List.copyOf(taskIds);
        runs = List.copyOf(runs);
        if (offset < 0 || totalRuns < 0) {
            throw new IllegalArgumentException("offset and totalRuns must not be negative");
        }
    }

    /**
     * One run's column: its id, logical date, state and each task's state ("" when it has no instance).
     *
     * @param tasksPath the path its task instances' pages start with, encoded once rather than once a cell
     */
    public record Column(
            String runId, String logicalDate, String state, Map<String, String> taskStates, String tasksPath) {
        public Column {
            requireNonNull(runId, "runId is null");
            requireNonNull(tasksPath, "tasksPath is null");
            taskStates = Map.copyOf(taskStates);
        }

        public String taskState(String taskId) {
            return taskStates.getOrDefault(taskId, "");
        }

        /** The task instance's page, for a cell that has one. */
        public String taskPath(String taskId) {
            return tasksPath + Pages.encode(taskId);
        }

        /** The title of a task's cell: the task, the run and its state. */
        public String cellTitle(String taskId) {
            String state = taskState(taskId);
            return taskId + " in " + runId + ": " + (state.isEmpty() ? "no instance" : state);
        }
    }

    /** Reads the page of runs at {@code offset}; tasks of the DAG file come first, then any only the runs know. */
    public static Grid read(MetadataStore store, String dagId, List<String> dagTasks, int offset) {
        return store.inTransaction(session -> {
            int total = session.runs().count(dagId, null);
            List<DagRunRecord> newestFirst = session.runs().list(dagId, null, PAGE, offset);
            Map<String, Map<String, TaskState>> states = session.overview()
                    .taskStatesOfRuns(
                            dagId, newestFirst.stream().map(DagRunRecord::runId).toList());
            Map<String, Map<String, String>> byRun = new HashMap<>();
            List<String> tasks = new ArrayList<>(dagTasks);
            Set<String> known = new HashSet<>(dagTasks);
            states.forEach((runId, ofRun) -> ofRun.forEach((taskId, state) -> {
                byRun.computeIfAbsent(runId, id -> new HashMap<>()).put(taskId, state.label());
                if (known.add(taskId)) {
                    tasks.add(taskId);
                }
            }));
            List<Column> columns = new ArrayList<>();
            for (int i = newestFirst.size() - 1; i >= 0; i--) {
                DagRunRecord run = newestFirst.get(i);
                columns.add(new Column(
                        run.runId(),
                        ApiJson.timestamp(run.logicalDate()),
                        run.state().name().toLowerCase(Locale.ROOT),
                        byRun.getOrDefault(run.runId(), Map.of()),
                        TaskInstancePage.path(dagId, run.runId(), "")));
            }
            return new Grid(dagId, tasks, columns, offset, total);
        });
    }

    /** A short digest of what the grid shows (runs, their states and every cell), to tell whether it changed. */
    public String fingerprint() {
        int hash = taskIds.hashCode();
        for (Column run : runs) {
            hash = 31 * hash + run.runId().hashCode();
            hash = 31 * hash + String.valueOf(run.state()).hashCode();
            hash = 31 * hash + run.taskStates().hashCode();
        }
        return Integer.toHexString(hash);
    }

    public boolean hasOlder() {
        return offset + PAGE < totalRuns;
    }

    public boolean hasNewer() {
        return offset > 0;
    }

    public int olderOffset() {
        return offset + PAGE;
    }

    public int newerOffset() {
        return Math.max(0, offset - PAGE);
    }
}
