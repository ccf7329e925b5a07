package io.weir.transform.run;

import io.weir.transform.jinja.SourceRef;
import io.weir.transform.project.ColumnSpec;
import io.weir.transform.project.Manifest;
import io.weir.transform.project.Node;
import io.weir.transform.project.NodeConfig;
import io.weir.transform.project.ProjectInfo;
import io.weir.transform.project.ResourceType;
import io.weir.transform.project.SourceTable;
import io.weir.transform.project.TestSpec;
import io.weir.warehouse.Relation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds manifests by hand for tests: project {@code shop}, models in schema {@code analytics} of {@code db}. */
public final class TestManifest {
    public static final String PROJECT = "shop";
    public static final String DATABASE = "db";
    public static final String SCHEMA = "analytics";

    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final Map<String, SourceTable> sources = new LinkedHashMap<>();
    private final Path root;
    private final String database;
    private final String schema;

    public TestManifest() {
        this(Path.of("/projects/shop"), DATABASE, SCHEMA);
    }

    /** Models and seeds go to {@code database.schema}; sources live in database {@code raw}. */
    public TestManifest(Path root, String database, String schema) {
        this.root = root;
        this.database = database;
        this.schema = schema;
    }

    public static String modelId(String name) {
        return "model." + PROJECT + "." + name;
    }

    public static String seedId(String name) {
        return "seed." + PROJECT + "." + name;
    }

    public static String snapshotId(String name) {
        return "snapshot." + PROJECT + "." + name;
    }

    public static String testId(String name) {
        return "test." + PROJECT + "." + name;
    }

    public static String sourceId(String sourceName, String table) {
        return "source." + PROJECT + "." + sourceName + "." + table;
    }

    public static Map<String, Object> config(Object... keysAndValues) {
        Map<String, Object> config = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            config.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return config;
    }

    public TestManifest source(String sourceName, String table, String... tags) {
        String id = sourceId(sourceName, table);
        sources.put(
                id,
                new SourceTable(
                        id,
                        PROJECT,
                        sourceName,
                        table,
                        "models/sources.yml",
                        List.of(PROJECT, sourceName, table),
                        new Relation("raw", sourceName, table),
                        "The " + table + " of " + sourceName,
                        Map.of(),
                        new NodeConfig(config("tags", List.of(tags)))));
        return this;
    }

    /** A view model at {@code models/<path>}; its name is the file stem. */
    public TestManifest model(String path, String... dependsOn) {
        return model(path, config(), dependsOn);
    }

    public TestManifest model(String path, Map<String, Object> config, String... dependsOn) {
        String name = stem(path);
        NodeConfig nodeConfig = new NodeConfig(config);
        boolean ephemeral = "ephemeral".equals(nodeConfig.materialized());
        String modelSchema = nodeConfig.string("schema") == null ? schema : schema + "_" + nodeConfig.string("schema");
        return add(new Node(
                modelId(name),
                ResourceType.MODEL,
                PROJECT,
                name,
                "models/" + path,
                path,
                fqn(path),
                "select 1 as id",
                nodeConfig,
                List.of(),
                sourceRefs(dependsOn),
                List.of(dependsOn),
                List.of(),
                "The " + name + " model",
                Map.of("id", new ColumnSpec("id", "The key", "integer", Map.of())),
                null,
                null,
                ephemeral ? null : new Relation(database, modelSchema, name)));
    }

    public TestManifest seed(String name) {
        return add(new Node(
                seedId(name),
                ResourceType.SEED,
                PROJECT,
                name,
                "seeds/" + name + ".csv",
                name + ".csv",
                List.of(PROJECT, name),
                "",
                NodeConfig.empty(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                "",
                Map.of(),
                null,
                null,
                new Relation(database, schema, name)));
    }

    public TestManifest snapshot(String name, String... dependsOn) {
        return add(new Node(
                snapshotId(name),
                ResourceType.SNAPSHOT,
                PROJECT,
                name,
                "snapshots/" + name + ".sql",
                name + ".sql",
                List.of(PROJECT, name, name),
                "select 1",
                new NodeConfig(config("materialized", "snapshot")),
                List.of(),
                sourceRefs(dependsOn),
                List.of(dependsOn),
                List.of(),
                "",
                Map.of(),
                null,
                null,
                new Relation(database, "snapshots", name)));
    }

    /** A generic test ({@code not_null}, {@code unique}, ...) defined in {@code models/schema.yml}. */
    public TestManifest genericTest(String name, String testName, Map<String, Object> config, String... dependsOn) {
        return add(new Node(
                testId(name),
                ResourceType.TEST,
                PROJECT,
                name,
                "models/schema.yml",
                "schema.yml",
                List.of(PROJECT, name),
                "{{ test_" + testName + "(**_dbt_generic_test_kwargs) }}",
                new NodeConfig(config),
                List.of(),
                List.of(),
                List.of(dependsOn),
                List.of("macro.dbt.test_" + testName),
                "",
                Map.of(),
                new TestSpec(testName, null, Map.of("column_name", "id"), "id"),
                dependsOn.length == 0 ? null : dependsOn[0],
                null));
    }

    public TestManifest genericTest(String name, String testName, String... dependsOn) {
        return genericTest(name, testName, config(), dependsOn);
    }

    /** A singular test at {@code tests/<name>.sql}. */
    public TestManifest singularTest(String name, String... dependsOn) {
        return add(new Node(
                testId(name),
                ResourceType.TEST,
                PROJECT,
                name,
                "tests/" + name + ".sql",
                name + ".sql",
                List.of(PROJECT, name),
                "select * from orders where total < 0",
                NodeConfig.empty(),
                List.of(),
                List.of(),
                List.of(dependsOn),
                List.of(),
                "",
                Map.of(),
                null,
                null,
                null));
    }

    public Manifest build() {
        ProjectInfo project = new ProjectInfo(
                root,
                PROJECT,
                "1.0.0",
                PROJECT,
                List.of("models"),
                List.of("seeds"),
                List.of("snapshots"),
                List.of("macros"),
                List.of("tests"),
                List.of("analyses"),
                "target",
                Map.of());
        return new Manifest(project, nodes, sources, Map.of());
    }

    private TestManifest add(Node node) {
        nodes.put(node.uniqueId(), node);
        return this;
    }

    private static List<SourceRef> sourceRefs(String[] dependsOn) {
        List<SourceRef> refs = new ArrayList<>();
        for (String id : dependsOn) {
            if (id.startsWith("source.")) {
                String[] parts = id.split("\\.");
                refs.add(new SourceRef(parts[2], parts[3]));
            }
        }
        return refs;
    }

    private static String stem(String path) {
        String file = path.substring(path.lastIndexOf('/') + 1);
        return file.substring(0, file.lastIndexOf('.'));
    }

    private static List<String> fqn(String path) {
        List<String> fqn = new ArrayList<>();
        fqn.add(PROJECT);
        List<String> parts = Arrays.asList(path.split("/"));
        fqn.addAll(parts.subList(0, parts.size() - 1));
        fqn.add(stem(path));
        return fqn;
    }
}
