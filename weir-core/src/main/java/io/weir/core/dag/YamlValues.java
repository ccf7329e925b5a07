package io.weir.core.dag;

import io.weir.core.Suggestions;
import io.weir.core.time.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.yaml.snakeyaml.nodes.AnchorNode;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Reads typed values from YAML nodes, recording a positioned problem for every value of the wrong kind. */
final class YamlValues {
    private static final int MAX_DEPTH = 64;

    /** One key of a mapping with the nodes it came from. */
    record Entry(String key, Node keyNode, Node value) {
        boolean isNull() {
            return YamlValues.isNull(value);
        }
    }

    private final Problems problems;

    YamlValues(Problems problems) {
        this.problems = problems;
    }

    /** The keys of a mapping in file order; a repeated key is a problem (YAML loaders silently keep the last). */
    Map<String, Entry> entries(MappingNode mapping, String where) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        List<MappingNode> merged = new ArrayList<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (keyNode.getTag().equals(Tag.MERGE)) {
                collectMerged(tuple.getValueNode(), merged, where);
                continue;
            }
            if (!(keyNode instanceof ScalarNode scalar) || isNull(keyNode)) {
                problems.at(keyNode, "A key in " + where + " is " + describe(keyNode) + "; use a plain name");
                continue;
            }
            String key = scalar.getValue();
            Entry previous = entries.putIfAbsent(key, new Entry(key, keyNode, tuple.getValueNode()));
            if (previous != null) {
                problems.at(
                        keyNode,
                        "'" + key + "' appears twice in " + where + " (first at line "
                                + (previous.keyNode().getStartMark().getLine() + 1) + "); remove or rename one");
            }
        }
        // keys written in the mapping win over keys merged into it with <<
        for (MappingNode source : merged) {
            for (NodeTuple tuple : source.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode scalar && !isNull(scalar)) {
                    entries.putIfAbsent(scalar.getValue(), new Entry(scalar.getValue(), scalar, tuple.getValueNode()));
                }
            }
        }
        return entries;
    }

    private void collectMerged(Node value, List<MappingNode> merged, String where) {
        if (value instanceof MappingNode mapping) {
            merged.add(mapping);
        } else if (value instanceof SequenceNode sequence
                && sequence.getValue().stream().allMatch(MappingNode.class::isInstance)) {
            sequence.getValue().forEach(node -> merged.add((MappingNode) node));
        } else {
            problems.at(value, "The merge key '<<' in " + where + " must name a mapping or a list of mappings");
        }
    }

    /** Records every key not in {@code allowed}, suggesting the closest allowed one. */
    void rejectUnknown(Map<String, Entry> entries, Collection<String> allowed, String where) {
        for (Entry entry : entries.values()) {
            if (!allowed.contains(entry.key())) {
                problems.at(
                        entry.keyNode(),
                        "Unknown key '" + entry.key() + "' in " + where
                                + Suggestions.hint(
                                        entry.key(),
                                        allowed,
                                        "allowed keys: " + String.join(", ", new TreeSet<>(allowed))));
            }
        }
    }

    MappingNode mapping(Entry entry, String where) {
        if (entry.isNull()) {
            return null;
        }
        if (entry.value() instanceof MappingNode mapping) {
            return mapping;
        }
        wrongKind(entry, where, "a mapping of keys to values");
        return null;
    }

    String string(Entry entry, String where) {
        if (entry.isNull()) {
            return null;
        }
        if (entry.value() instanceof ScalarNode scalar) {
            return scalar.getValue();
        }
        wrongKind(entry, where, "text");
        return null;
    }

    Integer integer(Entry entry, String where, int minimum) {
        String text = string(entry, where);
        if (text == null) {
            return null;
        }
        int value;
        try {
            value = Integer.parseInt(text.replace("_", ""));
        } catch (NumberFormatException e) {
            wrongKind(entry, where, "a whole number");
            return null;
        }
        if (value < minimum) {
            problems.at(
                    entry.value(),
                    "'" + entry.key() + "' in " + where + " must be at least " + minimum + ", not " + value);
            return null;
        }
        return value;
    }

    Boolean bool(Entry entry, String where) {
        if (entry.isNull()) {
            return null;
        }
        if (entry.value() instanceof ScalarNode scalar && scalar.getTag().equals(Tag.BOOL)) {
            return toBoolean(scalar.getValue());
        }
        wrongKind(entry, where, "true or false");
        return null;
    }

    Duration duration(Entry entry, String where) {
        String text = string(entry, where);
        if (text == null) {
            return null;
        }
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            problems.at(entry.value(), "'" + entry.key() + "' in " + where + ": " + e.getMessage());
            return null;
        }
    }

    /** A list of names; a single name is a list of one. Returns the nodes so callers can point at one name. */
    List<ScalarNode> names(Entry entry, String where) {
        if (entry.isNull()) {
            return List.of();
        }
        if (entry.value() instanceof ScalarNode scalar) {
            return List.of(scalar);
        }
        if (entry.value() instanceof SequenceNode sequence) {
            List<ScalarNode> names = new ArrayList<>();
            for (Node item : sequence.getValue()) {
                if (item instanceof ScalarNode scalar && !isNull(scalar)) {
                    names.add(scalar);
                } else {
                    problems.at(
                            item,
                            "Every item of '" + entry.key() + "' in " + where + " must be a name, not "
                                    + describe(item));
                }
            }
            return names;
        }
        wrongKind(entry, where, "a name or a list of names");
        return List.of();
    }

    /** The value as plain Java: maps, lists, strings, numbers, booleans and nulls. */
    Object plain(Node node, String where) {
        return plain(node, where, 0);
    }

    private Object plain(Node node, String where, int depth) {
        if (depth > MAX_DEPTH) {
            problems.at(node, "A value in " + where + " is nested more than " + MAX_DEPTH + " levels deep");
            return null;
        }
        return switch (node.getNodeId()) {
            case scalar -> scalar((ScalarNode) node);
            case sequence -> {
                List<Object> list = new ArrayList<>();
                ((SequenceNode) node).getValue().forEach(item -> list.add(plain(item, where, depth + 1)));
                yield Collections.unmodifiableList(list);
            }
            case mapping -> {
                Map<String, Object> map = new LinkedHashMap<>();
                entries((MappingNode) node, where)
                        .values()
                        .forEach(entry -> map.put(entry.key(), plain(entry.value(), where, depth + 1)));
                yield Collections.unmodifiableMap(map);
            }
            case anchor -> plain(((AnchorNode) node).getRealNode(), where, depth + 1);
        };
    }

    private static Object scalar(ScalarNode node) {
        String text = node.getValue();
        Tag tag = node.getTag();
        if (tag.equals(Tag.NULL)) {
            return null;
        }
        if (tag.equals(Tag.BOOL)) {
            return toBoolean(text);
        }
        try {
            if (tag.equals(Tag.INT)) {
                long value = Long.parseLong(text.replace("_", ""));
                if (value == (int) value) {
                    return (int) value;
                }
                return value;
            }
            if (tag.equals(Tag.FLOAT)) {
                return Double.parseDouble(text.replace("_", ""));
            }
        } catch (NumberFormatException e) {
            // hexadecimal, octal and sexagesimal numbers stay text
        }
        return text;
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode && node.getTag().equals(Tag.NULL);
    }

    private static boolean toBoolean(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            default -> false;
        };
    }

    private void wrongKind(Entry entry, String where, String expected) {
        problems.at(
                entry.value(),
                "'" + entry.key() + "' in " + where + " must be " + expected + ", not " + describe(entry.value()));
    }

    static String describe(Node node) {
        return switch (node.getNodeId()) {
            case scalar -> "'" + ((ScalarNode) node).getValue() + "'";
            case sequence -> "a list";
            case mapping -> "a mapping";
            case anchor -> "an anchor";
        };
    }
}
