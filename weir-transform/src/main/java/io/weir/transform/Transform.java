package io.weir.transform;

import io.weir.transform.artifacts.CatalogWriter;
import io.weir.transform.artifacts.DocsSite;
import io.weir.transform.artifacts.ManifestWriter;
import io.weir.transform.artifacts.RunResultsWriter;
import io.weir.transform.compile.TransformProject;
import io.weir.transform.deps.InstalledPackages;
import io.weir.transform.materialize.Materializer;
import io.weir.transform.profile.Profiles;
import io.weir.transform.project.Manifest;
import io.weir.transform.project.Node;
import io.weir.transform.project.ProjectSettings;
import io.weir.transform.project.ResourceType;
import io.weir.transform.run.ConsoleReporter;
import io.weir.transform.run.NodeOutcome;
import io.weir.transform.run.NodeStatus;
import io.weir.transform.run.RunOptions;
import io.weir.transform.run.RunReport;
import io.weir.transform.run.Runner;
import io.weir.transform.run.Selector;
import io.weir.warehouse.Warehouse;
import io.weir.warehouse.WarehouseSession;
import io.weir.warehouse.WarehouseTarget;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * One invocation of a transform command on a project: loads the project, selects its nodes and builds them on the
 * warehouse with one connection per worker thread, writing dbt's artifacts under {@code target/}. The CLI's
 * {@code weir transform} and the {@code transform.*} task types both go through here. Not thread-safe, except
 * {@link #cancel()}.
 */
public final class Transform implements AutoCloseable {
    /** How long a command waits while another process holds the DuckDB file. */
    private static final Duration WAREHOUSE_PATIENCE = Duration.ofSeconds(60);

    private final TransformOptions options;
    private final TransformProject project;
    private final WarehouseTarget target;
    private final WarehouseTarget testTarget;
    private final Map<String, String> compiled = new ConcurrentHashMap<>();
    private final Runner runner = new Runner();
    private final Sessions sessions;
    private final Sessions testSessions;
    private final NodeFiles files = new NodeFiles();
    private final ProjectHooks projectHooks;
    private volatile boolean cancelled;

    private Transform(TransformOptions options, TransformProject project, WarehouseTarget testTarget) {
        this.options = options;
        this.project = project;
        this.target = project.target();
        this.testTarget = testTarget;
        this.sessions = new Sessions(target);
        this.testSessions = testTarget.equals(target) ? sessions : new Sessions(testTarget);
        this.projectHooks = new ProjectHooks(project);
    }

    /**
     * Loads the project of {@code options}; nothing connects to the warehouse yet.
     *
     * @throws TransformException naming the file and what to fix when the project or its profile is wrong
     */
    public static Transform open(TransformOptions options) {
        WarehouseTarget target = target(options);
        Map<ResourceType, Map<String, Object>> baseConfigs = new LinkedHashMap<>();
        if (options.snapshotSchema() != null) {
            Map<String, Object> snapshotDefaults = new LinkedHashMap<>();
            snapshotDefaults.put("target_schema", options.snapshotSchema());
            if (options.snapshotDatabase() != null) {
                snapshotDefaults.put("target_database", options.snapshotDatabase());
            }
            baseConfigs.put(ResourceType.SNAPSHOT, snapshotDefaults);
        }
        TransformProject project =
                TransformProject.load(options.projectDir(), target, options.vars(), options.env(), baseConfigs);
        WarehouseTarget testTarget = options.testTarget() == null
                ? target
                : options.threads() == null
                        ? options.testTarget()
                        : options.testTarget().withThreads(options.threads());
        return new Transform(options, project, testTarget);
    }

    /** The target a command runs on: Weir's warehouse when the options carry it, else {@code profiles.yml}. */
    public static WarehouseTarget target(TransformOptions options) {
        WarehouseTarget target = options.transformTarget() != null
                ? options.transformTarget()
                : Profiles.load(
                        profilesDir(options.profilesDir(), options.projectDir(), options.env())
                                .orElse(options.projectDir()),
                        ProjectSettings.read(options.projectDir()).info().profile(),
                        options.targetName(),
                        options.projectDir(),
                        options.env());
        return options.threads() == null ? target : target.withThreads(options.threads());
    }

    /**
     * Where {@code profiles.yml} is, as dbt looks for it: {@code explicit} ({@code --profiles-dir}), else
     * {@code DBT_PROFILES_DIR}, else the project folder, else {@code ~/.dbt}; empty when none of those has one.
     */
    public static Optional<Path> profilesDir(Path explicit, Path projectDir, Map<String, String> env) {
        if (explicit != null) {
            return Optional.of(explicit.toAbsolutePath().normalize());
        }
        String fromEnv = env.get("DBT_PROFILES_DIR");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Optional.of(Path.of(fromEnv).toAbsolutePath().normalize());
        }
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return Stream.of(projectDir, Path.of(home, ".dbt"))
                .filter(dir -> Files.isRegularFile(dir.resolve("profiles.yml")))
                .findFirst();
    }

    public Manifest manifest() {
        return project.manifest();
    }

    public TransformProject project() {
        return project;
    }

    /**
     * Builds the nodes {@code step} selects, printing a line per node and a summary to {@code out}, and writes
     * {@code target/manifest.json}, {@code target/run_results.json}, {@code target/compiled/} and {@code target/run/}.
     */
    public RunReport execute(TransformStep step, PrintStream out) {
        Set<String> selected = Selector.select(manifest(), options.select(), options.exclude(), step.types());
        project.selectResources(selected);
        project.onLog(message ->
                out.println(LocalTime.now().truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_LOCAL_TIME)
                        + "  " + message));
        String invocationId = UUID.randomUUID().toString();
        printWarnings(out);
        RunReport report;
        TransformException hookFailure = null;
        if (selected.isEmpty()) {
            out.println("Nothing to do. Try checking your model configs and model specification args");
            report = new RunReport(List.of(), Instant.now(), Duration.ZERO, false);
        } else {
            out.println("Selected " + describe(selected) + " on " + target);
            projectHooks.onRunStart(sessions.session(0), selected, out);
            int threads = Math.max(1, target.threads());
            report = runner.run(
                    manifest(),
                    selected,
                    new RunOptions(threads, options.failFast(), step == TransformStep.BUILD),
                    this::runNode,
                    new ConsoleReporter(out));
            try {
                projectHooks.onRunEnd(sessions.session(0), selected, report, out);
            } catch (TransformException e) {
                out.println("ERROR " + e.getMessage());
                hookFailure = e;
            }
        }
        files.flush();
        Path targetDir = project.info().targetDir();
        ManifestWriter.write(manifest(), target, compiled, targetDir.resolve("manifest.json"));
        RunResultsWriter.write(
                report,
                manifest(),
                compiled,
                arguments(step.commandName()),
                invocationId,
                targetDir.resolve("run_results.json"));
        if (hookFailure != null) {
            throw hookFailure;
        }
        return report;
    }

    /** Prints what {@code dbt_project.yml} says that Weir ignores, such as an unknown key. */
    private void printWarnings(PrintStream out) {
        ProjectSettings.read(project.info().rootDir()).warnings().forEach(out::println);
    }

    /**
     * What {@link #compile} did.
     *
     * @param selected how many nodes were selected
     * @param errors the nodes that failed to compile, by unique id: the error
     * @param skipped the nodes left out because a node they depend on failed
     */
    public record CompileSummary(int selected, Map<String, String> errors, List<String> skipped) {
        public CompileSummary {
            errors = Collections.unmodifiableMap(new LinkedHashMap<>(errors));
            skipped = List.copyOf(skipped);
        }

        public boolean success() {
            return errors.isEmpty();
        }
    }

    /**
     * Compiles the selected models, snapshots, tests and analyses into {@code target/compiled/}, parents first. A
     * node that fails is reported and its descendants skipped, as dbt does; every other node still compiles.
     */
    public CompileSummary compile(PrintStream out) {
        Set<String> selected = Selector.select(
                manifest(),
                options.select(),
                options.exclude(),
                EnumSet.of(ResourceType.MODEL, ResourceType.SNAPSHOT, ResourceType.TEST, ResourceType.ANALYSIS));
        printWarnings(out);
        project.selectResources(selected);
        WarehouseSession session = sessions.session(0);
        Map<String, String> errors = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        Set<String> failed = new HashSet<>();
        for (Node node : parentsFirst(selected)) {
            if (node.dependsOn().stream().anyMatch(failed::contains)) {
                skipped.add(node.uniqueId());
                failed.add(node.uniqueId());
                continue;
            }
            try {
                compileNode(
                        node,
                        node.resourceType() == ResourceType.TEST ? testSessions.session(0) : session,
                        fullRefresh(node));
            } catch (TransformException e) {
                errors.put(node.uniqueId(), e.getMessage());
                failed.add(node.uniqueId());
                out.println("ERROR " + e.getMessage());
            }
        }
        files.flush();
        ManifestWriter.write(
                manifest(), target, compiled, project.info().targetDir().resolve("manifest.json"));
        out.println("Compiled " + describe(selected) + " into "
                + project.info().rootDir().relativize(compiledDir())
                + (errors.isEmpty() && skipped.isEmpty()
                        ? ""
                        : "; ERROR=" + errors.size() + " SKIP=" + skipped.size() + " (skipped: their parents failed)"));
        return new CompileSummary(selected.size(), errors, skipped);
    }

    /** The nodes of {@code selected} in an order where each comes after the nodes it depends on. */
    private List<Node> parentsFirst(Set<String> selected) {
        List<Node> ordered = new ArrayList<>();
        Set<String> visited = new HashSet<>();
        for (String id : selected) {
            visit(id, selected, visited, ordered);
        }
        return ordered;
    }

    private void visit(String id, Set<String> selected, Set<String> visited, List<Node> ordered) {
        Node node = manifest().nodes().get(id);
        if (node == null || !visited.add(id)) {
            return;
        }
        for (String parent : node.dependsOn()) {
            visit(parent, selected, visited, ordered);
        }
        if (selected.contains(id)) {
            ordered.add(node);
        }
    }

    /** The selected nodes of every kind, in the manifest's order. */
    public List<Node> list() {
        Set<String> selected =
                Selector.select(manifest(), options.select(), options.exclude(), EnumSet.allOf(ResourceType.class));
        return manifest().nodes().values().stream()
                .filter(node -> selected.contains(node.uniqueId()))
                .toList();
    }

    /** Writes {@code target/manifest.json}, {@code target/catalog.json} and the lineage page {@code target/index.html}. */
    public void docsGenerate(PrintStream out) {
        compile(out);
        Path targetDir = project.info().targetDir();
        Path manifestJson = targetDir.resolve("manifest.json");
        Path catalogJson = targetDir.resolve("catalog.json");
        Path index = targetDir.resolve("index.html");
        CatalogWriter.write(manifest(), sessions.session(0), catalogJson);
        DocsSite.write(manifestJson, catalogJson, index);
        out.println("Catalog written to " + catalogJson);
        out.println("Documentation written to " + index + " (open it in a browser; it needs no server)");
    }

    /** Prints what {@code options} resolve to and tests the connection; false when something is wrong. */
    public static boolean debug(TransformOptions options, PrintStream out) {
        out.println("project: " + options.projectDir().resolve("dbt_project.yml"));
        WarehouseTarget target;
        try {
            target = target(options);
        } catch (RuntimeException e) {
            out.println("profile: ERROR " + e.getMessage());
            return false;
        }
        out.println(
                options.transformTarget() != null
                        ? "profile: Weir's warehouse settings (TRANSFORM credentials)"
                        : "profile: "
                                + ProjectSettings.read(options.projectDir())
                                        .info()
                                        .profile() + " in "
                                + (options.profilesDir() == null
                                        ? "profiles.yml"
                                        : options.profilesDir().resolve("profiles.yml")));
        out.println("dbt version: " + DbtVersion.CURRENT + " (Weir runs projects as this dbt release; checked against"
                + " require-dbt-version)");
        out.println("target: " + target.name() + " (" + target.type().profileName() + ")");
        out.println("  database: " + target.database());
        out.println("  schema: " + target.schema());
        out.println("  threads: " + target.threads());
        try {
            TransformProject.load(options.projectDir(), target, options.vars(), options.env());
            out.println("project files: OK");
        } catch (RuntimeException e) {
            out.println("project files: ERROR " + e.getMessage());
            return false;
        }
        try (Warehouse warehouse = Warehouse.open(target, WAREHOUSE_PATIENCE, out::println);
                WarehouseSession session = warehouse.session()) {
            session.query("select 1");
            out.println("connection: OK");
            return true;
        } catch (RuntimeException e) {
            out.println("connection: ERROR " + e.getMessage());
            return false;
        }
    }

    /** Stops a running command from any thread: running queries are cancelled, no further node starts. */
    public void cancel() {
        cancelled = true;
        runner.cancel();
        sessions.cancelAll();
        testSessions.cancelAll();
    }

    public boolean isCancelled() {
        return cancelled;
    }

    @Override
    public void close() {
        files.close();
        RuntimeException failure = null;
        for (Sessions each : testSessions == sessions ? List.of(sessions) : List.of(sessions, testSessions)) {
            try {
                each.close();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private NodeOutcome runNode(Node node, int thread) {
        boolean test = node.resourceType() == ResourceType.TEST;
        WarehouseSession session = (test ? testSessions : sessions).session(thread);
        runner.setCancelHook(thread, () -> {
            sessions.cancel(thread);
            testSessions.cancel(thread);
        });
        boolean fullRefresh = fullRefresh(node);
        List<String> statements = new ArrayList<>();
        session.onStatement(statements::add);
        try {
            projectHooks.comment(session, node);
            Materializer materializer = new Materializer(session);
            NodeOutcome outcome = hooks(node, "pre-hook", session, fullRefresh);
            if (outcome == null) {
                outcome = switch (node.resourceType()) {
                    case SEED -> materializer.seed(node, seedFile(node), fullRefresh);
                    case MODEL -> materializer.model(node, compileNode(node, session, fullRefresh), fullRefresh);
                    case SNAPSHOT -> materializer.snapshot(node, compileNode(node, session, fullRefresh));
                    case TEST -> {
                        String sql = compileNode(node, session, fullRefresh);
                        yield materializer.test(project.withCompiledConfig(node), sql);
                    }
                    default -> NodeOutcome.skipped(
                            "Nothing to run for a " + node.resourceType().manifestName());
                };
            }
            if (outcome.status() == NodeStatus.SUCCESS) {
                NodeOutcome failedHook = hooks(node, "post-hook", session, fullRefresh);
                outcome = failedHook == null ? outcome : failedHook;
            }
            if (!statements.isEmpty()) {
                write(runDir(node).resolve(outputPath(node)), String.join(";\n\n", statements) + ";\n");
            }
            return outcome;
        } finally {
            session.onStatement(null);
            session.decorateStatements(null);
        }
    }

    /** A seed's CSV file: in the project, or in the installed package the seed comes from. */
    private Path seedFile(Node node) {
        Path root = project.info().rootDir();
        Path dir = node.packageName().equals(project.info().name())
                ? root
                : InstalledPackages.find(root).getOrDefault(node.packageName(), root);
        return dir.resolve(node.originalFilePath());
    }

    /**
     * Whether {@code node} is rebuilt from scratch: its {@code full_refresh} config when set (true or false wins over
     * the flag, as in dbt), else {@code --full-refresh}.
     */
    private boolean fullRefresh(Node node) {
        Object configured = node.config().get("full_refresh");
        if (configured == null) {
            return options.fullRefresh();
        }
        return configured instanceof Boolean flag ? flag : Boolean.parseBoolean(configured.toString());
    }

    /**
     * Runs a node's {@code pre-hook} or {@code post-hook} statements, rendered in its context; returns the node's
     * error when one fails, else null.
     */
    private NodeOutcome hooks(Node node, String key, WarehouseSession session, boolean fullRefresh) {
        if (node.resourceType() == ResourceType.TEST) {
            return null;
        }
        for (Object hook : hookList(node.config().get(key))) {
            String template = hook instanceof Map<?, ?> map ? String.valueOf(map.get("sql")) : String.valueOf(hook);
            try {
                String sql =
                        project.render(node, template, session, fullRefresh).strip();
                if (!sql.isEmpty()) {
                    session.execute(sql);
                }
            } catch (RuntimeException e) {
                return NodeOutcome.error(
                        "Error in the " + key + " of " + node.resourceType().manifestName() + " " + node.name() + " ("
                                + node.originalFilePath() + "): " + e.getMessage());
            }
        }
        return null;
    }

    private static List<?> hookList(Object value) {
        if (value == null) {
            return List.of();
        }
        return value instanceof List<?> list ? list : List.of(value);
    }

    private String compileNode(Node node, WarehouseSession session, boolean fullRefresh) {
        String sql = project.compile(node, session, fullRefresh);
        compiled.put(node.uniqueId(), sql);
        write(compiledDir(node).resolve(outputPath(node)), sql);
        return sql;
    }

    private Path compiledDir() {
        return project.info()
                .targetDir()
                .resolve("compiled")
                .resolve(project.info().name());
    }

    /** A node's folder under {@code target/compiled}: its package's, so a package's files never overwrite ours. */
    private Path compiledDir(Node node) {
        return project.info().targetDir().resolve("compiled").resolve(node.packageName());
    }

    private Path runDir(Node node) {
        return project.info().targetDir().resolve("run").resolve(node.packageName());
    }

    /** Where dbt writes a node's compiled SQL: its file, and for a generic test the properties file's folder. */
    private static String outputPath(Node node) {
        if (node.originalFilePath().endsWith(".sql")) {
            return node.originalFilePath();
        }
        return node.originalFilePath() + "/" + node.name() + ".sql";
    }

    private void write(Path file, String text) {
        files.write(file, text);
    }

    private Map<String, Object> arguments(String command) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("which", command);
        args.put("select", options.select());
        args.put("exclude", options.exclude());
        args.put("full_refresh", options.fullRefresh());
        args.put("threads", target.threads());
        args.put("target", target.name());
        args.put("vars", options.vars());
        return args;
    }

    private String describe(Set<String> selected) {
        Map<ResourceType, Integer> counts = new LinkedHashMap<>();
        for (String id : selected) {
            Node node = manifest().nodes().get(id);
            if (node != null && !node.isEphemeral()) {
                counts.merge(node.resourceType(), 1, Integer::sum);
            }
        }
        List<String> parts = new ArrayList<>();
        counts.forEach((type, count) -> parts.add(count + " " + plural(type.manifestName(), count)));
        return parts.isEmpty() ? "no nodes" : String.join(", ", parts);
    }

    private static String plural(String word, int count) {
        if (count == 1) {
            return word;
        }
        return word.equals("analysis") ? "analyses" : word + "s";
    }

    /** One warehouse and a connection per worker thread, opened when first needed. */
    private static final class Sessions implements AutoCloseable {
        private final WarehouseTarget target;
        private final Map<Integer, WarehouseSession> byThread = new ConcurrentHashMap<>();
        private Warehouse warehouse;

        Sessions(WarehouseTarget target) {
            this.target = target;
        }

        WarehouseSession session(int thread) {
            return byThread.computeIfAbsent(thread, index -> warehouse().session());
        }

        private synchronized Warehouse warehouse() {
            if (warehouse == null) {
                warehouse = Warehouse.open(target, WAREHOUSE_PATIENCE, message -> {});
            }
            return warehouse;
        }

        void cancel(int thread) {
            WarehouseSession session = byThread.get(thread);
            if (session != null) {
                session.cancel();
            }
        }

        void cancelAll() {
            byThread.values().forEach(WarehouseSession::cancel);
        }

        /** Closes every connection and the warehouse, each even when another would not close. */
        @Override
        public synchronized void close() {
            RuntimeException failure = null;
            for (WarehouseSession session : byThread.values()) {
                try {
                    session.close();
                } catch (RuntimeException e) {
                    failure = failure == null ? e : failure;
                }
            }
            byThread.clear();
            if (warehouse != null) {
                try {
                    warehouse.close();
                } catch (RuntimeException e) {
                    failure = failure == null ? e : failure;
                }
                warehouse = null;
            }
            if (failure != null) {
                throw failure;
            }
        }
    }
}
