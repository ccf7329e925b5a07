package io.weir.web.ui;

import java.util.List;

/**
 * A server-rendered SVG picture (the graph, the Gantt chart, durations, landing times) as plain shapes; svg.jte
 * draws it, escaping every text, so no id or log line can become markup.
 */
public record Chart(String id, int width, int height, List<Box> boxes, List<Path> paths, List<Label> labels) {
    public Chart {
        boxes = List.copyOf(boxes);
        paths = List.copyOf(paths);
        labels = List.copyOf(labels);
    }

    /** A rectangle with a CSS class (a state's colour), a tooltip and, when not null, a link. */
    public record Box(double x, double y, double width, double height, String cssClass, String title, String href) {}

    /** A line or curve in SVG path syntax (built from numbers only). */
    public record Path(String d, String cssClass) {}

    /** Text at a point; {@code anchor} is start, middle or end. */
    public record Label(double x, double y, String text, String cssClass, String anchor) {}
}
