package io.weir.core.project;

import io.weir.core.ErrorCode;
import io.weir.core.WeirException;
import io.weir.core.time.Durations;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Reads {@code weir.yaml}; the first bad key or value stops it with the file, line and key. */
final class SettingsReader {
    private static final Set<String> TOP_KEYS = Set.of(
            "dags_folder",
            "dags_are_paused_at_creation",
            "parallelism",
            "default_pool_slots",
            "logs",
            "scheduler",
            "warehouse",
            // Read by the web server's metrics (metrics.xcom); its module checks the section itself.
            "metrics");
    private static final Set<String> LOGS_KEYS = Set.of("retention_days", "max_size");
    private static final Set<String> WAREHOUSE_KEYS = Set.of("type", "path", "url", "user", "schema", "threads");
    private static final Set<String> SCHEDULER_KEYS = Set.of("zombie_threshold", "heartbeat", "dag_dir_list_interval");

    private final Path file;

    SettingsReader(Path file) {
        this.file = file;
    }

    ProjectSettings read(String text, ProjectSettings defaults) {
        Node root = compose(text);
        if (root == null || isNull(root)) {
            return defaults;
        }
        Map<String, NodeTuple> top = entries(root, "", TOP_KEYS);
        Map<String, NodeTuple> logs =
                top.containsKey("logs") ? entries(value(top, "logs"), "logs.", LOGS_KEYS) : Map.of();
        Map<String, NodeTuple> scheduler = top.containsKey("scheduler")
                ? entries(value(top, "scheduler"), "scheduler.", SCHEDULER_KEYS)
                : Map.of();
        Map<String, NodeTuple> warehouse = top.containsKey("warehouse")
                ? entries(value(top, "warehouse"), "warehouse.", WAREHOUSE_KEYS)
                : Map.of();
        return new ProjectSettings(
                top.containsKey("dags_folder") ? Path.of(text(top, "dags_folder")) : defaults.dagsFolder(),
                top.containsKey("dags_are_paused_at_creation")
                        ? bool(top, "dags_are_paused_at_creation")
                        : defaults.dagsArePausedAtCreation(),
                top.containsKey("parallelism") ? positive(top, "parallelism") : defaults.parallelism(),
                top.containsKey("default_pool_slots")
                        ? positive(top, "default_pool_slots")
                        : defaults.defaultPoolSlots(),
                logs.containsKey("logs.retention_days")
                        ? positive(logs, "logs.retention_days")
                        : defaults.logsRetentionDays(),
                logs.containsKey("logs.max_size") ? size(logs, "logs.max_size") : defaults.logsMaxSizeBytes(),
                scheduler.containsKey("scheduler.zombie_threshold")
                        ? duration(scheduler, "scheduler.zombie_threshold")
                        : defaults.zombieThreshold(),
                scheduler.containsKey("scheduler.heartbeat")
                        ? duration(scheduler, "scheduler.heartbeat")
                        : defaults.heartbeat(),
                scheduler.containsKey("scheduler.dag_dir_list_interval")
                        ? duration(scheduler, "scheduler.dag_dir_list_interval")
                        : defaults.dagDirListInterval(),
                warehouse.isEmpty() ? defaults.warehouse() : warehouse(warehouse));
    }

    private Map<String, String> warehouse(Map<String, NodeTuple> entries) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String key : entries.keySet()) {
            String name = key.substring("warehouse.".length());
            values.put(name, name.equals("threads") ? Integer.toString(positive(entries, key)) : text(entries, key));
        }
        String type = values.get("type");
        if (type != null && !Set.of("duckdb", "postgres").contains(type)) {
            throw error(
                    value(entries, "warehouse.type").getStartMark(),
                    "'warehouse.type' must be duckdb or postgres, not '" + type + "'");
        }
        return values;
    }

    private Node compose(String text) {
        try {
            return new Yaml(new LoaderOptions()).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            throw error(mark, "is not valid YAML: " + e.getProblem() + "; check the indentation and quoting");
        } catch (YAMLException e) {
            throw error(null, "is not valid YAML: " + e.getMessage());
        }
    }

    /** The keys of a mapping, each stored under its full dotted name; unknown and repeated keys stop the read. */
    private Map<String, NodeTuple> entries(Node node, String prefix, Set<String> allowed) {
        String where = prefix.isEmpty() ? "the file" : "'" + prefix.substring(0, prefix.length() - 1) + "'";
        if (!(node instanceof MappingNode mapping)) {
            throw error(node.getStartMark(), where + " must be a mapping of settings");
        }
        Map<String, NodeTuple> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String key = tuple.getKeyNode() instanceof ScalarNode scalar ? scalar.getValue() : "";
            if (!allowed.contains(key)) {
                throw error(
                        tuple.getKeyNode().getStartMark(),
                        "unknown key '" + prefix + key + "'; allowed keys in " + where + ": "
                                + String.join(", ", new TreeSet<>(allowed)));
            }
            if (entries.putIfAbsent(prefix + key, tuple) != null) {
                throw error(tuple.getKeyNode().getStartMark(), "'" + prefix + key + "' is set twice; remove one");
            }
        }
        return entries;
    }

    private static Node value(Map<String, NodeTuple> entries, String key) {
        return entries.get(key).getValueNode();
    }

    private String text(Map<String, NodeTuple> entries, String key) {
        Node node = value(entries, key);
        if (node instanceof ScalarNode scalar
                && !isNull(scalar)
                && !scalar.getValue().isBlank()) {
            return scalar.getValue().trim();
        }
        throw error(node.getStartMark(), "'" + key + "' must be a value, not " + describe(node));
    }

    private boolean bool(Map<String, NodeTuple> entries, String key) {
        Node node = value(entries, key);
        if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.BOOL)) {
            return Set.of("true", "yes", "on").contains(scalar.getValue().toLowerCase(Locale.ROOT));
        }
        throw error(node.getStartMark(), "'" + key + "' must be true or false, not " + describe(node));
    }

    private int positive(Map<String, NodeTuple> entries, String key) {
        String text = text(entries, key);
        try {
            int number = Integer.parseInt(text.replace("_", ""));
            if (number >= 1) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw error(
                value(entries, key).getStartMark(),
                "'" + key + "' must be a whole number of at least 1, not '" + text + "'");
    }

    private long size(Map<String, NodeTuple> entries, String key) {
        try {
            long bytes = ByteSizes.parse(text(entries, key));
            if (bytes > 0) {
                return bytes;
            }
            throw new IllegalArgumentException("a size must be more than zero");
        } catch (IllegalArgumentException e) {
            throw error(value(entries, key).getStartMark(), "'" + key + "': " + e.getMessage());
        }
    }

    private Duration duration(Map<String, NodeTuple> entries, String key) {
        try {
            Duration duration = Durations.parse(text(entries, key));
            if (!duration.isZero()) {
                return duration;
            }
            throw new IllegalArgumentException("a duration here must be more than zero");
        } catch (IllegalArgumentException e) {
            throw error(value(entries, key).getStartMark(), "'" + key + "': " + e.getMessage());
        }
    }

    private WeirException error(Mark mark, String message) {
        String position = mark == null ? "" : ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
        return new WeirException(ErrorCode.CONFIGURATION, file + position + ": " + message);
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode && node.getTag().equals(Tag.NULL);
    }

    private static String describe(Node node) {
        return switch (node.getNodeId()) {
            case scalar -> isNull(node) ? "empty" : "'" + ((ScalarNode) node).getValue() + "'";
            case sequence -> "a list";
            case mapping -> "a mapping";
            case anchor -> "an anchor";
        };
    }
}
