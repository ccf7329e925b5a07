package io.weir.transform.compile;

import static java.util.Objects.requireNonNull;

import io.weir.transform.TransformException;
import io.weir.transform.artifacts.ManifestWriter;
import io.weir.transform.jinja.JinjaEngine;
import io.weir.transform.jinja.RelationValue;
import io.weir.transform.jinja.StaticTemplate;
import io.weir.transform.project.LoadedProject;
import io.weir.transform.project.Manifest;
import io.weir.transform.project.Node;
import io.weir.transform.project.NodeConfig;
import io.weir.transform.project.ProjectInfo;
import io.weir.transform.project.ProjectLoader;
import io.weir.transform.project.ResourceType;
import io.weir.transform.project.SourceTable;
import io.weir.transform.project.TestSpec;
import io.weir.warehouse.WarehouseSession;
import io.weir.warehouse.WarehouseTarget;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dbt project loaded for one target: its manifest, and the compiler of its nodes. Immutable once loaded;
 * {@link #compile} may run on many threads at once.
 */
public final class TransformProject {
    private static final Pattern SINGLE_EXPRESSION =
            Pattern.compile("\\{\\{\\s*((?:(?!\\{\\{|}}).)*?)\\s*}}", Pattern.DOTALL);
    private static final Logger LOG = LoggerFactory.getLogger(TransformProject.class);

    private final Manifest manifest;
    private final JinjaEngine engine;
    private final WarehouseTarget target;
    private final Map<String, Node> refable = new HashMap<>();
    private final Map<String, SourceTable> sources = new HashMap<>();
    private boolean builtinTests = true;
    private final Map<String, Map<String, Object>> testConfigs = new ConcurrentHashMap<>();
    private volatile List<String> selectedResources = List.of();
    private volatile Map<String, Object> graph;
    private volatile Consumer<String> console = message -> LOG.info("{}", message);

    private TransformProject(LoadedProject loaded, WarehouseTarget target) {
        this.manifest = loaded.manifest();
        this.engine = loaded.engine();
        this.target = target;
        for (Node node : manifest.nodes().values()) {
            if (node.resourceType() == ResourceType.MODEL
                    || node.resourceType() == ResourceType.SEED
                    || node.resourceType() == ResourceType.SNAPSHOT) {
                refable.put(node.name(), node);
            }
        }
        manifest.sources().values().forEach(table -> sources.put(table.sourceName() + "." + table.name(), table));
    }

    /**
     * Loads the dbt project in {@code projectDir} for {@code target}; {@code env_var()} reads the process
     * environment.
     *
     * @param cliVars the {@code --vars}, which win over the project's
     * @throws TransformException naming the file (and line) of the first problem
     */
    public static TransformProject load(Path projectDir, WarehouseTarget target, Map<String, Object> cliVars) {
        return load(projectDir, target, cliVars, System.getenv());
    }

    /** As {@link #load(Path, WarehouseTarget, Map)}, with {@code env_var()} reading {@code env}. */
    public static TransformProject load(
            Path projectDir, WarehouseTarget target, Map<String, Object> cliVars, Map<String, String> env) {
        return load(projectDir, target, cliVars, env, Map.of());
    }

    /**
     * As {@link #load(Path, WarehouseTarget, Map, Map)}, with {@code baseConfigs} under everything the project
     * configures (see {@link ProjectLoader#load(Path, WarehouseTarget, Map, Map, Map)}).
     */
    public static TransformProject load(
            Path projectDir,
            WarehouseTarget target,
            Map<String, Object> cliVars,
            Map<String, String> env,
            Map<ResourceType, Map<String, Object>> baseConfigs) {
        requireNonNull(projectDir, "projectDir is null");
        requireNonNull(target, "target is null");
        Map<String, Object> vars = cliVars == null ? Map.of() : cliVars;
        Path dir = projectDir.toAbsolutePath().normalize();
        LoadedProject loaded = LoadedProjects.load(
                new LoadedProjects.Key(dir, target, vars, env, baseConfigs),
                () -> ProjectLoader.load(projectDir, target, vars, env, baseConfigs));
        return new TransformProject(loaded, target);
    }

    public Manifest manifest() {
        return manifest;
    }

    public ProjectInfo info() {
        return manifest.project();
    }

    public WarehouseTarget target() {
        return target;
    }

    /**
     * Compiles one node for running: its SQL with refs resolved and ephemeral models injected as CTEs; for a test,
     * the query returning its failing rows.
     *
     * @param session a live session ({@code is_incremental()}, {@code run_query}, {@code adapter.get_relation} use
     *     it), or null for {@code compile}, {@code ls} and benchmarks: then {@code is_incremental()} is false and
     *     {@code run_query} returns no rows
     * @throws TransformException naming the node's file and line when its Jinja fails
     */
    public String compile(Node node, WarehouseSession session, boolean fullRefresh) {
        requireNonNull(node, "node is null");
        Ephemerals.Compiled compiled = compileOwn(node, session, fullRefresh);
        Map<String, String> ctes = new LinkedHashMap<>();
        Ephemerals.collect(compiled.ephemerals(), ephemeral -> compileOwn(ephemeral, session, fullRefresh), ctes);
        return Ephemerals.inject(compiled.sql(), ctes);
    }

    /**
     * Renders {@code template} (a hook, an {@code on-run-start} statement) in the context of {@code node}, as
     * {@link #compile} would render the node's own SQL.
     */
    public String render(Node node, String template, WarehouseSession session, boolean fullRefresh) {
        return engine.render(template, where(node), new CompileScope(this, node, session, fullRefresh));
    }

    /**
     * {@code node} with what its generic test's macro set with {@code config()} when it compiled, as dbt applies
     * such a call ({@code config(fail_calc=...)} in dbt_utils' {@code equal_rowcount}); other nodes as they are.
     */
    public Node withCompiledConfig(Node node) {
        Map<String, Object> configured = testConfigs.get(node.uniqueId());
        if (configured == null) {
            return node;
        }
        NodeConfig config = node.config();
        for (Map.Entry<String, Object> entry : configured.entrySet()) {
            config = config.with(entry.getKey(), entry.getValue());
        }
        return new Node(
                node.uniqueId(),
                node.resourceType(),
                node.packageName(),
                node.name(),
                node.originalFilePath(),
                node.path(),
                node.fqn(),
                node.rawCode(),
                config,
                node.refs(),
                node.sources(),
                node.dependsOn(),
                node.dependsOnMacros(),
                node.description(),
                node.columns(),
                node.test(),
                node.attachedNode(),
                node.relation());
    }

    /**
     * Renders an {@code on-run-start} or {@code on-run-end} hook of {@code packageName}, whose queries ({@code
     * run_query}) run on {@code session}; {@code variables} are such as {@code results} and {@code schemas}.
     */
    public String renderRunHook(
            String template,
            String where,
            String packageName,
            WarehouseSession session,
            Map<String, Object> variables) {
        return engine.render(template, where, new RunScope(packageName, session, variables, console));
    }

    /**
     * Renders the project's {@code query-comment} for {@code node}, or for the run's own statements when {@code node}
     * is null (then {@code node} is none in the template).
     */
    public String renderQueryComment(String template, Node node) {
        Map<String, Object> variables = new HashMap<>();
        variables.put("node", node == null ? null : CompileScope.model(node));
        return engine.render(
                template, "the query-comment of dbt_project.yml", new RunScope(null, null, variables, console));
    }

    /** A node as templates see it ({@code unique_id}, {@code name}, {@code config}, ...). */
    public Map<String, Object> nodeMap(Node node) {
        return CompileScope.model(node);
    }

    /** Sends what templates {@code log(msg, info=True)} while compiling to {@code sink}, such as the run's console. */
    public void onLog(Consumer<String> sink) {
        this.console = requireNonNull(sink, "sink is null");
    }

    /** What templates see as {@code selected_resources}: the unique ids of the nodes the command selected. */
    public void selectResources(Collection<String> uniqueIds) {
        this.selectedResources = List.copyOf(uniqueIds);
    }

    List<String> selectedResources() {
        return selectedResources;
    }

    /** {@code graph}, built on first use. */
    Map<String, Object> graph() {
        Map<String, Object> built = graph;
        if (built == null) {
            synchronized (this) {
                built = graph;
                if (built == null) {
                    built = ManifestWriter.graph(manifest, target);
                    graph = built;
                }
            }
        }
        return built;
    }

    Consumer<String> console() {
        return console;
    }

    /** Renders the built-in generic tests through their templates too; the equivalence test compares both. */
    void renderBuiltinTestsWithTemplates() {
        builtinTests = false;
    }

    Node refable(String name) {
        return refable.get(name);
    }

    SourceTable source(String sourceName, String tableName) {
        return sources.get(sourceName + "." + tableName);
    }

    private Ephemerals.Compiled compileOwn(Node node, WarehouseSession session, boolean fullRefresh) {
        String parseError = manifest.parseErrors().get(node.uniqueId());
        if (parseError != null) {
            throw new TransformException(parseError);
        }
        CompileScope scope = new CompileScope(this, node, session, fullRefresh);
        String sql;
        if (node.test() != null) {
            sql = compileGenericTest(node, node.test(), scope);
            if (!scope.configured().isEmpty()) {
                testConfigs.put(node.uniqueId(), Map.copyOf(scope.configured()));
            }
        } else {
            Optional<StaticTemplate> fast = StaticTemplate.parse(node.rawCode());
            sql = fast.isPresent()
                    ? fast.get()
                            .render(
                                    ref -> scope.ref(ref.packageName(), ref.name())
                                            .toString(),
                                    source -> scope.source(source.sourceName(), source.tableName())
                                            .toString())
                    : engine.render(node.rawCode(), where(node), scope);
        }
        return new Ephemerals.Compiled(sql, List.copyOf(scope.ephemerals()));
    }

    private String compileGenericTest(Node node, TestSpec test, CompileScope scope) {
        if (builtinTests) {
            Optional<String> builtin = BuiltinTests.compile(node, test, scope, engine::hasProjectMacro);
            if (builtin.isPresent()) {
                return builtin.get();
            }
        }
        Map<String, Object> kwargs = new LinkedHashMap<>();
        for (Map.Entry<String, Object> argument : test.kwargs().entrySet()) {
            kwargs.put(argument.getKey(), argumentValue(node, argument.getValue(), scope));
        }
        Object sql = engine.call(test.namespace(), "test_" + test.name(), List.of(), kwargs, where(node), scope);
        return sql == null ? "" : sql.toString().strip();
    }

    private Object argumentValue(Node node, Object value, CompileScope scope) {
        if (!(value instanceof String text)) {
            return value;
        }
        if (StaticTemplate.relationCall(text).isPresent()) {
            Object relation = engine.evaluate(text, where(node), scope);
            return relation instanceof RelationValue ? relation : String.valueOf(relation);
        }
        Matcher single = SINGLE_EXPRESSION.matcher(text);
        if (single.matches()) {
            // As dbt renders test arguments natively: {{ get_where_subquery(ref('x')) }} is the relation itself.
            Object evaluated = engine.evaluate(single.group(1), where(node), scope);
            if (evaluated instanceof RelationValue) {
                return evaluated;
            }
        }
        return text.contains("{{") || text.contains("{%")
                ? engine.render(text, where(node), scope).strip()
                : text;
    }

    private static String where(Node node) {
        return node.resourceType().manifestName() + " " + node.name() + " (" + node.originalFilePath() + ")";
    }
}
