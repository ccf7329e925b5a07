package io.weir.web.ui;

import io.weir.core.dag.Dag;
import io.weir.core.dag.TaskSpec;
import io.weir.store.DagRunRecord;
import io.weir.store.TaskInstanceRecord;
import io.weir.web.ui.Chart.Box;
import io.weir.web.ui.Chart.Label;
import io.weir.web.ui.Chart.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Lays out the DAG page's pictures: pure functions from records to {@link Chart} shapes. */
final class Charts {
    private static final int NODE_WIDTH = 170;
    private static final int NODE_HEIGHT = 34;
    private static final int LABEL_WIDTH = 180;
    private static final int PLOT_WIDTH = 760;
    private static final int ROW = 26;
    private static final int SERIES_COLOURS = 8;

    private Charts() {}

    /**
     * The tasks by dependency in layers (a task one layer right of its furthest upstream), each coloured by its
     * state in {@code states} (task id to state; absent is no state) and linked to {@code links} when it has one.
     */
    static Chart graph(Dag dag, Map<String, String> states, Map<String, String> links) {
        Map<String, Integer> layers = new HashMap<>();
        List<String> ordered = new ArrayList<>(dag.tasks().keySet());
        for (String taskId : ordered) {
            layer(dag, taskId, layers);
        }
        Map<Integer, Integer> rowsUsed = new HashMap<>();
        Map<String, double[]> at = new HashMap<>();
        List<Box> boxes = new ArrayList<>();
        List<Label> labels = new ArrayList<>();
        int maxLayer = 0;
        int maxRow = 0;
        for (String taskId : ordered) {
            int layer = layers.get(taskId);
            int row = rowsUsed.merge(layer, 1, Integer::sum) - 1;
            maxLayer = Math.max(maxLayer, layer);
            maxRow = Math.max(maxRow, row);
            double x = 20 + layer * (NODE_WIDTH + 50);
            double y = 20 + row * (NODE_HEIGHT + 22);
            at.put(taskId, new double[] {x, y});
            String state = states.getOrDefault(taskId, "none");
            boxes.add(
                    new Box(x, y, NODE_WIDTH, NODE_HEIGHT, "node " + state, taskId + ": " + state, links.get(taskId)));
            labels.add(new Label(x + NODE_WIDTH / 2.0, y + NODE_HEIGHT / 2.0 + 5, taskId, "node-label", "middle"));
        }
        List<Path> paths = new ArrayList<>();
        for (String taskId : ordered) {
            double[] to = at.get(taskId);
            for (String upstream : dag.task(taskId).upstream()) {
                double[] from = at.get(upstream);
                if (from == null) {
                    continue;
                }
                double x1 = from[0] + NODE_WIDTH;
                double y1 = from[1] + NODE_HEIGHT / 2.0;
                double x2 = to[0];
                double y2 = to[1] + NODE_HEIGHT / 2.0;
                double bend = (x2 - x1) / 2;
                paths.add(new Path(
                        String.format(
                                Locale.ROOT,
                                "M%.1f %.1f C%.1f %.1f %.1f %.1f %.1f %.1f",
                                x1,
                                y1,
                                x1 + bend,
                                y1,
                                x2 - bend,
                                y2,
                                x2,
                                y2),
                        "edge"));
            }
        }
        int width = 40 + (maxLayer + 1) * (NODE_WIDTH + 50);
        int height = 40 + (maxRow + 1) * (NODE_HEIGHT + 22);
        return new Chart("graph", width, height, boxes, paths, labels);
    }

    private static int layer(Dag dag, String taskId, Map<String, Integer> layers) {
        Integer known = layers.get(taskId);
        if (known != null) {
            return known;
        }
        TaskSpec task = dag.task(taskId);
        int layer = 0;
        if (task != null) {
            for (String upstream : task.upstream()) {
                if (dag.task(upstream) != null) {
                    layer = Math.max(layer, layer(dag, upstream, layers) + 1);
                }
            }
        }
        layers.put(taskId, layer);
        return layer;
    }

    /**
     * A run's Gantt chart: a row per task, its queued span (grey) and running span (its state's colour); earlier
     * tries, read from their logs, are drawn on the same row before the latest, so retries show.
     */
    static Chart gantt(List<TaskInstanceRecord> instances, Map<String, List<TryHistory.Try>> tries, Instant now) {
        List<TaskInstanceRecord> rows = new ArrayList<>(instances);
        rows.sort(Comparator.comparing(
                        (TaskInstanceRecord instance) -> firstTime(instance, tries.get(instance.taskId())),
                        Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(TaskInstanceRecord::taskId));
        Instant start = null;
        Instant end = null;
        for (TaskInstanceRecord instance : rows) {
            Instant first = firstTime(instance, tries.get(instance.taskId()));
            if (first != null && (start == null || first.isBefore(start))) {
                start = first;
            }
            Instant last = instance.endDate() != null ? instance.endDate() : instance.startDate() != null ? now : null;
            if (last != null && (end == null || last.isAfter(end))) {
                end = last;
            }
        }
        List<Box> boxes = new ArrayList<>();
        List<Label> labels = new ArrayList<>();
        double span = start == null || end == null
                ? 1
                : Math.max(1, Duration.between(start, end).toMillis());
        for (int i = 0; i < rows.size(); i++) {
            TaskInstanceRecord instance = rows.get(i);
            double y = 30 + i * ROW;
            labels.add(new Label(LABEL_WIDTH - 8, y + 15, instance.taskId(), "axis-label", "end"));
            if (start == null) {
                continue;
            }
            // The queued span first, so that an earlier try drawn over it stays visible.
            if (instance.queuedAt() != null && instance.startDate() != null) {
                boxes.add(bar(
                        start,
                        span,
                        instance.queuedAt(),
                        instance.startDate(),
                        y,
                        "bar queued",
                        instance.taskId() + " queued "
                                + Format.duration(Duration.between(instance.queuedAt(), instance.startDate()))));
            }
            for (TryHistory.Try earlier : tries.getOrDefault(instance.taskId(), List.of())) {
                if (earlier.number() >= instance.tryNumber() || earlier.started() == null || earlier.ended() == null) {
                    continue;
                }
                boxes.add(bar(
                        start,
                        span,
                        earlier.started(),
                        earlier.ended(),
                        y,
                        "bar try-earlier " + earlier.state(),
                        instance.taskId() + " try " + earlier.number() + ": " + earlier.state() + ", "
                                + Format.duration(earlier.duration())));
            }
            if (instance.startDate() != null) {
                Instant until = instance.endDate() == null ? now : instance.endDate();
                String state = instance.state().label();
                boxes.add(bar(
                        start,
                        span,
                        instance.startDate(),
                        until,
                        y,
                        "bar " + state,
                        instance.taskId() + " try " + instance.tryNumber() + ": " + state + ", "
                                + Format.duration(Duration.between(instance.startDate(), until))));
            }
        }
        if (start != null) {
            labels.add(new Label(LABEL_WIDTH, 18, Format.time(start), "axis-label", "start"));
            labels.add(new Label(
                    LABEL_WIDTH + PLOT_WIDTH,
                    18,
                    "+" + Format.duration(Duration.ofMillis((long) span)),
                    "axis-label",
                    "end"));
        }
        return new Chart("gantt", LABEL_WIDTH + PLOT_WIDTH + 20, 40 + rows.size() * ROW, boxes, List.of(), labels);
    }

    private static Box bar(Instant origin, double span, Instant from, Instant to, double y, String css, String title) {
        double x = LABEL_WIDTH + PLOT_WIDTH * Duration.between(origin, from).toMillis() / span;
        double width = Math.max(2, PLOT_WIDTH * Duration.between(from, to).toMillis() / span);
        return new Box(x, y + 3, width, ROW - 8, css, title, null);
    }

    private static Instant firstTime(TaskInstanceRecord instance, List<TryHistory.Try> tries) {
        if (tries != null && !tries.isEmpty() && tries.get(0).started() != null) {
            return tries.get(0).started();
        }
        return instance.queuedAt() != null ? instance.queuedAt() : instance.startDate();
    }

    /**
     * Each task's duration over {@code runs} (oldest left), one coloured line a task, with a legend; a run where the
     * task has not finished leaves a gap.
     */
    static Chart durations(List<String> taskIds, List<DagRunRecord> runs, Map<String, Map<String, Double>> seconds) {
        double max = 0.001;
        for (Map<String, Double> byRun : seconds.values()) {
            for (Double value : byRun.values()) {
                max = Math.max(max, value);
            }
        }
        int height = 260;
        double step = runs.size() <= 1 ? 0 : (double) PLOT_WIDTH / (runs.size() - 1);
        List<Path> paths = new ArrayList<>();
        List<Box> boxes = new ArrayList<>();
        List<Label> labels = new ArrayList<>();
        axes(paths, labels, height, Format.duration(Duration.ofMillis(Math.round(max * 1000))));
        for (int t = 0; t < taskIds.size(); t++) {
            String taskId = taskIds.get(t);
            String colour = "series-" + (t % SERIES_COLOURS);
            StringBuilder line = new StringBuilder();
            for (int r = 0; r < runs.size(); r++) {
                Double value =
                        seconds.getOrDefault(taskId, Map.of()).get(runs.get(r).runId());
                if (value == null) {
                    continue;
                }
                double x = LABEL_WIDTH + r * step;
                double y = 20 + (height - 40) * (1 - value / max);
                line.append(line.length() == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", x, y));
                boxes.add(new Box(
                        x - 3,
                        y - 3,
                        6,
                        6,
                        "point " + colour,
                        taskId + " in " + runs.get(r).runId() + ": "
                                + Format.duration(Duration.ofMillis(Math.round(value * 1000))),
                        null));
            }
            if (line.length() > 0) {
                paths.add(new Path(line.toString(), "line " + colour));
            }
            labels.add(new Label(LABEL_WIDTH + PLOT_WIDTH + 30, 30 + t * 18, taskId, "legend " + colour, "start"));
        }
        return new Chart(
                "durations",
                LABEL_WIDTH + PLOT_WIDTH + 240,
                Math.max(height, 40 + taskIds.size() * 18),
                boxes,
                paths,
                labels);
    }

    /**
     * When each run landed against its schedule: the time from its data interval's end (when the schedule let it
     * start) to the run's end, one bar a run (oldest left); a run still going has no bar.
     */
    static Chart landingTimes(List<DagRunRecord> runs) {
        double max = 1;
        Map<String, Double> landed = new HashMap<>();
        for (DagRunRecord run : runs) {
            if (run.endDate() != null) {
                double seconds = Math.max(
                        0,
                        Duration.between(run.dataInterval().end(), run.endDate())
                                        .toMillis()
                                / 1000.0);
                landed.put(run.runId(), seconds);
                max = Math.max(max, seconds);
            }
        }
        int height = 240;
        double slot = runs.isEmpty() ? PLOT_WIDTH : (double) PLOT_WIDTH / runs.size();
        List<Path> paths = new ArrayList<>();
        List<Box> boxes = new ArrayList<>();
        List<Label> labels = new ArrayList<>();
        axes(paths, labels, height, Format.duration(Duration.ofMillis((long) (max * 1000))));
        for (int r = 0; r < runs.size(); r++) {
            DagRunRecord run = runs.get(r);
            Double seconds = landed.get(run.runId());
            if (seconds == null) {
                continue;
            }
            double barHeight = Math.max(2, (height - 40) * seconds / max);
            boxes.add(new Box(
                    LABEL_WIDTH + r * slot + slot * 0.15,
                    height - 20 - barHeight,
                    slot * 0.7,
                    barHeight,
                    "bar " + run.state().label(),
                    run.runId() + " landed " + Format.duration(Duration.ofMillis((long) (seconds * 1000)))
                            + " after its interval closed",
                    null));
        }
        return new Chart("landing", LABEL_WIDTH + PLOT_WIDTH + 20, height, boxes, paths, labels);
    }

    private static void axes(List<Path> paths, List<Label> labels, int height, String maxLabel) {
        paths.add(new Path(
                String.format(
                        Locale.ROOT,
                        "M%d 20 L%d %d L%d %d",
                        LABEL_WIDTH,
                        LABEL_WIDTH,
                        height - 20,
                        LABEL_WIDTH + PLOT_WIDTH,
                        height - 20),
                "axis"));
        labels.add(new Label(LABEL_WIDTH - 8, 26, maxLabel, "axis-label", "end"));
        labels.add(new Label(LABEL_WIDTH - 8, height - 20, "0", "axis-label", "end"));
    }
}
