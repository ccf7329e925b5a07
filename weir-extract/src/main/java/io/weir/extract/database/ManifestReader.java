package io.weir.extract.database;

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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads a manifest as data teams write it, unmodified. Every key is known: an unknown one is an error naming it and
 * its line, as is a missing required key or a value of the wrong kind, so no setting is silently ignored.
 */
public final class ManifestReader {
    static final Set<String> TOP_KEYS = Set.of("connection_info", "tables");
    static final Set<String> CONNECTION_KEYS = Set.of("user", "pass", "host", "database", "port", "driver");
    static final Set<String> TABLE_KEYS = Set.of(
            "import_db",
            "import_query",
            "export_db",
            "export_schema",
            "export_table",
            "export_table_primary_key",
            "additional_filtering",
            "advanced_metadata",
            "load_type");

    private final Path file;
    private final String shownName;
    private final List<ManifestException.Problem> problems = new ArrayList<>();

    private ManifestReader(Path file, String shownName) {
        this.file = file;
        this.shownName = shownName;
    }

    /**
     * Reads {@code file}; {@code shownName} is how messages name it (the path relative to the project).
     *
     * @throws ExtractException listing every problem with its line
     */
    public static Manifest read(Path file, String shownName) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ExtractException(missing(shownName));
        } catch (IOException e) {
            throw new ExtractException("Cannot read the manifest " + shownName + ": " + e.getMessage());
        }
        return read(content, file, shownName);
    }

    /** Reads a manifest's {@code content}, which was read from {@code file}. */
    public static Manifest read(byte[] content, Path file, String shownName) {
        return new ManifestReader(file, shownName).read(content);
    }

    /** What to say of a manifest that does not exist. */
    public static String missing(String shownName) {
        return "The manifest " + shownName + " does not exist; check the 'manifest' path, which is relative to the"
                + " project";
    }

    private Manifest read(byte[] content) {
        Node root;
        try (Reader reader = new StringReader(new String(content, StandardCharsets.UTF_8))) {
            root = new Yaml(new LoaderOptions()).compose(reader);
        } catch (IOException e) {
            throw new IllegalStateException("reading a string cannot fail", e);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 1 : e.getProblemMark().getLine() + 1;
            throw new ManifestException(
                    shownName, List.of(new ManifestException.Problem(line, "not valid YAML: " + e.getProblem())));
        }
        if (!(root instanceof MappingNode mapping)) {
            throw new ManifestException(
                    shownName,
                    List.of(new ManifestException.Problem(
                            1,
                            "a manifest is a mapping with connection_info and tables; this file is "
                                    + (root == null ? "empty" : "not a mapping"))));
        }
        Map<String, NodeTuple> top = entries(mapping, TOP_KEYS, "the manifest");
        ConnectionInfo connection = null;
        NodeTuple connectionEntry = top.get("connection_info");
        if (connectionEntry == null) {
            problem(
                    mapping,
                    "the manifest has no connection_info; add it with user, pass, host, database and port,"
                            + " each the name of an environment variable");
        } else {
            connection = connection(connectionEntry.getValueNode());
        }
        Map<String, ManifestTable> tables = new LinkedHashMap<>();
        NodeTuple tablesEntry = top.get("tables");
        if (tablesEntry == null || !(tablesEntry.getValueNode() instanceof MappingNode tablesNode)) {
            problem(
                    tablesEntry == null ? mapping : tablesEntry.getValueNode(),
                    "the manifest has no tables; add 'tables:' mapping each table's name to its import_query and"
                            + " export settings");
        } else {
            for (NodeTuple tuple : tablesNode.getValue()) {
                String name = scalar(tuple.getKeyNode());
                ManifestTable table = table(name, tuple.getValueNode());
                if (table != null && tables.putIfAbsent(name, table) != null) {
                    problem(tuple.getKeyNode(), "table " + name + " appears twice; remove one");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ManifestException(shownName, problems);
        }
        return new Manifest(file, connection, tables);
    }

    private ConnectionInfo connection(Node node) {
        if (!(node instanceof MappingNode mapping)) {
            problem(node, "connection_info must map user, pass, host, database and port to variable names");
            return null;
        }
        Map<String, NodeTuple> entries = entries(mapping, CONNECTION_KEYS, "connection_info");
        SourceDriver driver = SourceDriver.POSTGRESQL;
        String driverName = text(entries.get("driver"), "connection_info");
        if (driverName != null) {
            driver = SourceDriver.parse(driverName).orElse(null);
            if (driver == null) {
                problem(
                        entries.get("driver").getValueNode(),
                        "connection_info.driver '" + driverName + "' is not one of " + SourceDriver.names());
                return null;
            }
        }
        String database = text(entries.get("database"), "connection_info");
        if (database == null) {
            problem(mapping, "connection_info has no database; name the environment variable that holds it");
            return null;
        }
        if (driver != SourceDriver.SQLITE) {
            for (String required : List.of("user", "host")) {
                if (!entries.containsKey(required)) {
                    problem(
                            mapping,
                            "connection_info has no " + required + "; name the environment variable that"
                                    + " holds it");
                }
            }
        }
        return new ConnectionInfo(
                driver,
                text(entries.get("user"), "connection_info"),
                text(entries.get("pass"), "connection_info"),
                text(entries.get("host"), "connection_info"),
                database,
                text(entries.get("port"), "connection_info"));
    }

    private ManifestTable table(String name, Node node) {
        String where = "table " + name;
        if (!(node instanceof MappingNode mapping)) {
            problem(
                    node,
                    where + " must be a mapping with import_db, import_query, export_table and"
                            + " export_table_primary_key");
            return null;
        }
        int before = problems.size();
        Map<String, NodeTuple> entries = entries(mapping, TABLE_KEYS, where);
        for (String required : List.of("import_db", "import_query", "export_table", "export_table_primary_key")) {
            if (text(entries.get(required), where) == null) {
                problem(mapping, where + " has no " + required + "; add it");
            }
        }
        LoadKind loadType = null;
        String loadTypeName = text(entries.get("load_type"), where);
        if (loadTypeName != null) {
            loadType = LoadKind.parse(loadTypeName).orElse(null);
            if (loadType == null) {
                problem(
                        entries.get("load_type").getValueNode(),
                        where + ": load_type '" + loadTypeName + "' is not one of " + LoadKind.names());
            }
        }
        boolean advanced = false;
        String advancedText = text(entries.get("advanced_metadata"), where);
        if (advancedText != null) {
            if (!advancedText.equalsIgnoreCase("true") && !advancedText.equalsIgnoreCase("false")) {
                problem(
                        entries.get("advanced_metadata").getValueNode(),
                        where + ": advanced_metadata must be true or false, not '" + advancedText + "'");
            }
            advanced = advancedText.equalsIgnoreCase("true");
        }
        if (problems.size() > before) {
            return null;
        }
        String key = text(entries.get("export_table_primary_key"), where);
        return new ManifestTable(
                name,
                mapping.getStartMark().getLine() + 1,
                text(entries.get("import_db"), where),
                text(entries.get("import_query"), where).strip(),
                text(entries.get("export_db"), where),
                text(entries.get("export_schema"), where),
                text(entries.get("export_table"), where),
                Arrays.stream(key.split(","))
                        .map(String::strip)
                        .filter(part -> !part.isEmpty())
                        .toList(),
                text(entries.get("additional_filtering"), where),
                advanced,
                loadType);
    }

    private Map<String, NodeTuple> entries(MappingNode mapping, Set<String> allowed, String where) {
        Map<String, NodeTuple> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String key = scalar(tuple.getKeyNode());
            if (!allowed.contains(key)) {
                String suggestion = Suggestions.closest(key, allowed)
                        .map(match -> " (did you mean '" + match + "'?)")
                        .orElse("");
                problem(
                        tuple.getKeyNode(),
                        "unknown key '" + key + "' in " + where + suggestion + "; allowed keys: "
                                + String.join(", ", new java.util.TreeSet<>(allowed)));
                continue;
            }
            if (entries.putIfAbsent(key, tuple) != null) {
                problem(tuple.getKeyNode(), "'" + key + "' appears twice in " + where + "; remove one");
            }
        }
        return entries;
    }

    private String text(NodeTuple tuple, String where) {
        if (tuple == null) {
            return null;
        }
        Node value = tuple.getValueNode();
        if (!(value instanceof ScalarNode scalar)) {
            problem(value, where + ": " + scalar(tuple.getKeyNode()) + " must be a single value");
            return null;
        }
        String text = scalar.getValue();
        return text == null || text.isBlank() || text.equals("~") || text.equals("null") ? null : text;
    }

    private static String scalar(Node node) {
        return node instanceof ScalarNode scalar ? scalar.getValue() : String.valueOf(node);
    }

    private void problem(Node node, String message) {
        problems.add(new ManifestException.Problem(node.getStartMark().getLine() + 1, message));
    }
}
