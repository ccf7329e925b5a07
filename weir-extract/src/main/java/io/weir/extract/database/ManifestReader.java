package io.weir.extract.database;

import io.weir.extract.ExtractException;
import io.weir.extract.spec.SpecException;
import io.weir.extract.spec.SpecReader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

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
    private static final String SETTING = "the 'manifest' path";

    private final SpecReader reader;

    private ManifestReader(SpecReader reader) {
        this.reader = reader;
    }

    /**
     * Reads {@code file}; {@code shownName} is how messages name it (the path relative to the project).
     *
     * @throws ExtractException listing every problem with its line ({@link SpecException})
     */
    public static Manifest read(Path file, String shownName) {
        return read(SpecReader.content(file, shownName, "manifest", SETTING), file, shownName);
    }

    /** Reads a manifest's {@code content}, which was read from {@code file}. */
    public static Manifest read(byte[] content, Path file, String shownName) {
        SpecReader.Root root = SpecReader.parse(
                content,
                shownName,
                empty -> "a manifest is a mapping with connection_info and tables; this file is "
                        + (empty ? "empty" : "not a mapping"));
        return new ManifestReader(root.reader()).read(root.mapping(), file);
    }

    /** What to say of a manifest that does not exist. */
    public static String missing(String shownName) {
        return SpecReader.missing(shownName, "manifest", SETTING);
    }

    private Manifest read(MappingNode mapping, Path file) {
        Map<String, Node> top = reader.entries(mapping, TOP_KEYS, "the manifest");
        ConnectionInfo connection = null;
        if (!top.containsKey("connection_info")) {
            reader.problem(
                    mapping,
                    "the manifest has no connection_info; add it with user, pass, host, database and port,"
                            + " each the name of an environment variable");
        } else {
            connection = connection(top.get("connection_info"));
        }
        Map<String, ManifestTable> tables = new LinkedHashMap<>();
        if (!(top.get("tables") instanceof MappingNode tablesNode)) {
            reader.problem(
                    top.getOrDefault("tables", mapping),
                    "the manifest has no tables; add 'tables:' mapping each table's name to its import_query and"
                            + " export settings");
        } else {
            reader.entries(tablesNode, null, "tables").forEach((name, node) -> {
                ManifestTable table = table(name, node);
                if (table != null) {
                    tables.put(name, table);
                }
            });
        }
        reader.finish();
        return new Manifest(file, connection, tables);
    }

    private ConnectionInfo connection(Node node) {
        if (!(node instanceof MappingNode mapping)) {
            reader.problem(node, "connection_info must map user, pass, host, database and port to variable names");
            return null;
        }
        String where = "connection_info";
        Map<String, Node> entries = reader.entries(mapping, CONNECTION_KEYS, where);
        SourceDriver driver = SourceDriver.POSTGRESQL;
        String driverName = reader.optional(entries, "driver", where);
        if (driverName != null) {
            driver = SourceDriver.parse(driverName).orElse(null);
            if (driver == null) {
                reader.problem(
                        entries.get("driver"),
                        "connection_info.driver '" + driverName + "' is not one of " + SourceDriver.names());
                return null;
            }
        }
        String database = reader.optional(entries, "database", where);
        if (database == null) {
            reader.problem(mapping, "connection_info has no database; name the environment variable that holds it");
            return null;
        }
        if (driver != SourceDriver.SQLITE) {
            for (String required : List.of("user", "host")) {
                if (!entries.containsKey(required)) {
                    reader.problem(
                            mapping,
                            "connection_info has no " + required + "; name the environment variable that"
                                    + " holds it");
                }
            }
        }
        return new ConnectionInfo(
                driver,
                reader.optional(entries, "user", where),
                reader.optional(entries, "pass", where),
                reader.optional(entries, "host", where),
                database,
                reader.optional(entries, "port", where));
    }

    private ManifestTable table(String name, Node node) {
        String where = "table " + name;
        if (!(node instanceof MappingNode mapping)) {
            reader.problem(
                    node,
                    where + " must be a mapping with import_db, import_query, export_table and"
                            + " export_table_primary_key");
            return null;
        }
        int before = reader.problemCount();
        Map<String, Node> entries = reader.entries(mapping, TABLE_KEYS, where);
        for (String required : List.of("import_db", "import_query", "export_table", "export_table_primary_key")) {
            if (reader.optional(entries, required, where) == null) {
                reader.problem(mapping, where + " has no " + required + "; add it");
            }
        }
        LoadKind loadType = null;
        String loadTypeName = reader.optional(entries, "load_type", where);
        if (loadTypeName != null) {
            loadType = LoadKind.parse(loadTypeName).orElse(null);
            if (loadType == null) {
                reader.problem(
                        entries.get("load_type"),
                        where + ": load_type '" + loadTypeName + "' is not one of " + LoadKind.names());
            }
        }
        boolean advanced = reader.flag(entries, "advanced_metadata", where);
        if (reader.problemCount() > before) {
            return null;
        }
        String key = reader.optional(entries, "export_table_primary_key", where);
        return new ManifestTable(
                name,
                SpecReader.line(mapping),
                reader.optional(entries, "import_db", where),
                reader.optional(entries, "import_query", where).strip(),
                reader.optional(entries, "export_db", where),
                reader.optional(entries, "export_schema", where),
                reader.optional(entries, "export_table", where),
                Arrays.stream(key.split(","))
                        .map(String::strip)
                        .filter(part -> !part.isEmpty())
                        .toList(),
                reader.optional(entries, "additional_filtering", where),
                advanced,
                loadType);
    }
}
