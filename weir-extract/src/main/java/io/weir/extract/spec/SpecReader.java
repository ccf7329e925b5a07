package io.weir.extract.spec;

import io.weir.core.Suggestions;
import io.weir.extract.ExtractException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a YAML description file key by key, collecting every problem with its line, so that a user fixes them all
 * in one go and no setting is silently ignored: an unknown key is an error that names it and suggests the nearest
 * known one.
 */
public final class SpecReader {
    private final String file;
    private final List<SpecException.Problem> problems = new ArrayList<>();

    private SpecReader(String file) {
        this.file = file;
    }

    /**
     * Reads {@code path}, named {@code file} in messages, and returns its root mapping with the reader that reports
     * problems in it.
     */
    public static Root open(Path path, String file, String what) {
        return parse(
                content(path, file, what, "the path"),
                file,
                empty -> "the " + what + " is " + (empty ? "empty" : "not a mapping") + "; see docs");
    }

    /**
     * The bytes of {@code path}, named {@code file} in messages as a {@code what}; when it does not exist, the message
     * says to check {@code setting} (such as "the 'manifest' path"), which is relative to the project.
     */
    public static byte[] content(Path path, String file, String what, String setting) {
        try {
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new ExtractException(missing(file, what, setting));
        } catch (IOException e) {
            throw new ExtractException("Cannot read the " + what + " " + file + ": " + e.getMessage(), e);
        }
    }

    /** What to say of a {@code what} that does not exist. */
    public static String missing(String file, String what, String setting) {
        return "The " + what + " " + file + " does not exist; check " + setting + ", which is relative to the project";
    }

    /**
     * Parses {@code content}, named {@code file} in messages, whose root must be a mapping; {@code notAMapping} says
     * what it should be, told whether the file is empty.
     */
    public static Root parse(byte[] content, String file, Function<Boolean, String> notAMapping) {
        SpecReader reader = new SpecReader(file);
        Node root;
        try (Reader text = new StringReader(new String(content, StandardCharsets.UTF_8))) {
            root = new Yaml(new LoaderOptions()).compose(text);
        } catch (IOException e) {
            throw new IllegalStateException("reading a string cannot fail", e);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 1 : e.getProblemMark().getLine() + 1;
            throw new SpecException(
                    file, List.of(new SpecException.Problem(line, "not valid YAML: " + e.getProblem())));
        }
        if (!(root instanceof MappingNode mapping)) {
            throw new SpecException(file, List.of(new SpecException.Problem(1, notAMapping.apply(root == null))));
        }
        return new Root(reader, mapping);
    }

    /** The root mapping of a file and its reader. */
    public record Root(SpecReader reader, MappingNode mapping) {}

    /** Throws the problems found so far, if any. */
    public void finish() {
        if (!problems.isEmpty()) {
            throw new SpecException(file, problems);
        }
    }

    public void problem(Node node, String message) {
        problems.add(new SpecException.Problem(line(node), message));
    }

    public static int line(Node node) {
        return node == null ? 1 : node.getStartMark().getLine() + 1;
    }

    /** The entries of {@code mapping} by key; unknown keys are problems naming {@code where}. */
    public Map<String, Node> entries(Node node, Set<String> known, String where) {
        Map<String, Node> entries = new LinkedHashMap<>();
        if (!(node instanceof MappingNode mapping)) {
            problem(node, where + " must be a mapping");
            return entries;
        }
        for (NodeTuple tuple : mapping.getValue()) {
            String key = scalar(tuple.getKeyNode());
            if (key == null) {
                problem(tuple.getKeyNode(), "a key of " + where + " must be a plain name");
            } else if (known != null && !known.contains(key)) {
                problem(
                        tuple.getKeyNode(),
                        "unknown key '" + key + "' in " + where
                                + Suggestions.hint(
                                        key,
                                        known,
                                        "known keys: "
                                                + String.join(
                                                        ", ",
                                                        known.stream().sorted().toList())));
            } else if (entries.put(key, tuple.getValueNode()) != null) {
                problem(tuple.getKeyNode(), "'" + key + "' appears twice in " + where);
            }
        }
        return entries;
    }

    /** The text of a scalar, or null (a problem) when {@code node} is not one. */
    public String text(Node node, String key, String where) {
        String value = scalar(node);
        if (value == null) {
            problem(node, "'" + key + "' of " + where + " must be a single value");
        }
        return value;
    }

    /**
     * The text of {@code key} in {@code entries}, or null when it is absent or YAML's null (empty, {@code ~},
     * {@code null}); a value that is not a single one is a problem.
     */
    public String optional(Map<String, Node> entries, String key, String where) {
        Node node = entries.get(key);
        if (node == null) {
            return null;
        }
        String value = text(node, key, where);
        return value == null || value.isBlank() || value.equals("~") || value.equals("null") ? null : value;
    }

    /** Whether {@code key} in {@code entries} is true; false when it is absent, a problem unless true or false. */
    public boolean flag(Map<String, Node> entries, String key, String where) {
        String value = optional(entries, key, where);
        if (value == null) {
            return false;
        }
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            problem(entries.get(key), "'" + key + "' of " + where + " must be true or false, not '" + value + "'");
        }
        return value.equalsIgnoreCase("true");
    }

    /** How many problems were found so far: a part read without adding one is sound. */
    public int problemCount() {
        return problems.size();
    }

    /** A whole number of at least {@code minimum}, or null (a problem). */
    public Long number(Node node, String key, String where, long minimum) {
        String value = text(node, key, where);
        if (value == null) {
            return null;
        }
        try {
            long number = Long.parseLong(value.strip());
            if (number >= minimum) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problem(
                node,
                "'" + key + "' of " + where + " must be a whole number of at least " + minimum + ", not '" + value
                        + "'");
        return null;
    }

    /** A number of at least 0, fractions allowed, or null (a problem). */
    public Double decimal(Node node, String key, String where) {
        String value = text(node, key, where);
        if (value == null) {
            return null;
        }
        try {
            double number = Double.parseDouble(value.strip());
            if (number >= 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problem(node, "'" + key + "' of " + where + " must be a number of at least 0, not '" + value + "'");
        return null;
    }

    /** A list of single values (or one value, read as a list of it). */
    public List<String> texts(Node node, String key, String where) {
        if (node instanceof ScalarNode) {
            return List.of(scalar(node));
        }
        List<String> values = new ArrayList<>();
        if (!(node instanceof SequenceNode sequence)) {
            problem(node, "'" + key + "' of " + where + " must be a list of names");
            return values;
        }
        for (Node item : sequence.getValue()) {
            String value = text(item, key, where);
            if (value != null) {
                values.add(value);
            }
        }
        return values;
    }

    /** A mapping of names to single values, in file order. */
    public Map<String, String> textMap(Node node, String key, String where) {
        Map<String, String> values = new LinkedHashMap<>();
        entries(node, null, "'" + key + "' of " + where).forEach((name, value) -> {
            String text = text(value, name, "'" + key + "' of " + where);
            if (text != null) {
                values.put(name, text);
            }
        });
        return values;
    }

    private static String scalar(Node node) {
        return node instanceof ScalarNode scalar ? scalar.getValue() : null;
    }
}
