package io.weir.transform.project;

import io.weir.transform.TransformException;
import io.weir.transform.yaml.YamlFiles;
import io.weir.warehouse.Relation;
import io.weir.warehouse.WarehouseTarget;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Reads properties files ({@code version: 2} YAML beside models, seeds, snapshots and analyses): descriptions,
 * columns, {@code config:}, generic tests and {@code sources:}. Holds what it has read; used by one loading thread.
 */
final class PropertiesFiles {
    private static final Map<String, ResourceType> SECTIONS = Map.of(
            "models", ResourceType.MODEL,
            "seeds", ResourceType.SEED,
            "snapshots", ResourceType.SNAPSHOT,
            "analyses", ResourceType.ANALYSIS);

    private final String projectName;
    private final WarehouseTarget target;
    private final UnaryOperator<String> renderer;
    private final Map<String, NodeProperties> nodes = new LinkedHashMap<>();
    private final Map<String, SourceProperties> sources = new LinkedHashMap<>();

    /** @param renderer renders the Jinja in a source's {@code database}, {@code schema} and {@code identifier} */
    PropertiesFiles(String projectName, WarehouseTarget target, UnaryOperator<String> renderer) {
        this.projectName = projectName;
        this.target = target;
        this.renderer = renderer;
    }

    /** The properties of the node of {@code type} named {@code name}, or null. */
    NodeProperties node(ResourceType type, String name) {
        return nodes.get(type.manifestName() + ":" + name);
    }

    Map<String, SourceProperties> sources() {
        return sources;
    }

    /**
     * Reads one properties file.
     *
     * @param file the file relative to the project
     * @param folders the file's folders below its resource folder, for the fqn of its sources
     */
    void read(String text, String file, List<String> folders) {
        Map<String, Object> yaml = YamlFiles.parseMap(text, file);
        for (Map.Entry<String, ResourceType> section : SECTIONS.entrySet()) {
            for (Object entry : YamlFiles.list(yaml.get(section.getKey()))) {
                readNode(section.getValue(), YamlFiles.map(entry, file + " " + section.getKey() + ": entry"), file);
            }
        }
        for (Object entry : YamlFiles.list(yaml.get("sources"))) {
            readSource(YamlFiles.map(entry, file + " sources: entry"), file, folders);
        }
    }

    private void readNode(ResourceType type, Map<String, Object> entry, String file) {
        String name = requiredName(entry, file, type.manifestName());
        String where = file + " " + type.manifestName() + " " + name;
        Map<String, ColumnSpec> columns = new LinkedHashMap<>();
        List<TestDefinition> tests = new ArrayList<>();
        readColumns(entry, where, columns, tests);
        tests(entry).forEach(test -> tests.add(new TestDefinition(test, null)));
        Map<String, Object> config = new LinkedHashMap<>(YamlFiles.map(entry.get("config"), where + " config:"));
        if (entry.get("meta") instanceof Map<?, ?> && !config.containsKey("meta")) {
            config.put("meta", entry.get("meta"));
        }
        NodeProperties properties =
                new NodeProperties(type, name, file, text(entry.get("description")), columns, config, tests);
        NodeProperties earlier = nodes.putIfAbsent(type.manifestName() + ":" + name, properties);
        if (earlier != null) {
            throw new TransformException("The " + type.manifestName() + " '" + name + "' is described twice, in "
                    + earlier.file() + " and in " + file + "; keep one entry");
        }
    }

    private void readSource(Map<String, Object> entry, String file, List<String> folders) {
        String sourceName = requiredName(entry, file, "source");
        String where = file + " source " + sourceName;
        Map<String, Object> sourceConfig = YamlFiles.map(entry.get("config"), where + " config:");
        if (Boolean.FALSE.equals(sourceConfig.get("enabled"))) {
            return;
        }
        String database =
                entry.get("database") == null ? target.database() : renderer.apply(text(entry.get("database")));
        String schema = entry.get("schema") == null ? sourceName : renderer.apply(text(entry.get("schema")));
        for (Object tableEntry : YamlFiles.list(entry.get("tables"))) {
            Map<String, Object> table = YamlFiles.map(tableEntry, where + " tables: entry");
            String tableName = requiredName(table, file, "source table of " + sourceName);
            Map<String, Object> config = new LinkedHashMap<>(sourceConfig);
            config.putAll(YamlFiles.map(table.get("config"), where + "." + tableName + " config:"));
            if (Boolean.FALSE.equals(config.get("enabled"))) {
                continue;
            }
            config.putIfAbsent("enabled", true);
            Map<String, ColumnSpec> columns = new LinkedHashMap<>();
            List<TestDefinition> tests = new ArrayList<>();
            readColumns(table, where + "." + tableName, columns, tests);
            tests(table).forEach(test -> tests.add(new TestDefinition(test, null)));
            String identifier =
                    table.get("identifier") == null ? tableName : renderer.apply(text(table.get("identifier")));
            List<String> fqn = new ArrayList<>();
            fqn.add(projectName);
            fqn.addAll(folders);
            fqn.add(sourceName);
            fqn.add(tableName);
            String uniqueId = "source." + projectName + "." + sourceName + "." + tableName;
            SourceTable sourceTable = new SourceTable(
                    uniqueId,
                    projectName,
                    sourceName,
                    tableName,
                    file,
                    fqn,
                    new Relation(database, schema, identifier),
                    text(table.get("description")),
                    columns,
                    new NodeConfig(config));
            SourceProperties earlier = sources.putIfAbsent(uniqueId, new SourceProperties(sourceTable, tests));
            if (earlier != null) {
                throw new TransformException("The source table " + sourceName + "." + tableName
                        + " is defined twice, in " + earlier.table().originalFilePath() + " and in " + file
                        + "; keep one");
            }
        }
    }

    private static void readColumns(
            Map<String, Object> entry, String where, Map<String, ColumnSpec> columns, List<TestDefinition> tests) {
        for (Object columnEntry : YamlFiles.list(entry.get("columns"))) {
            Map<String, Object> column = YamlFiles.map(columnEntry, where + " columns: entry");
            String name = requiredName(column, where, "column");
            columns.put(
                    name,
                    new ColumnSpec(
                            name,
                            text(column.get("description")),
                            text(column.get("data_type")),
                            YamlFiles.map(column.get("meta"), where + " column " + name + " meta:")));
            tests(column).forEach(test -> tests.add(new TestDefinition(test, name)));
        }
    }

    private static List<Object> tests(Map<String, Object> entry) {
        List<Object> tests = new ArrayList<>(YamlFiles.list(entry.get("tests")));
        tests.addAll(YamlFiles.list(entry.get("data_tests")));
        return tests;
    }

    private static String requiredName(Map<String, Object> entry, String file, String what) {
        Object name = entry.get("name");
        if (name == null || name.toString().isBlank()) {
            throw new TransformException(file + ": a " + what + " entry has no 'name:'; give every entry a name");
        }
        return name.toString();
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
