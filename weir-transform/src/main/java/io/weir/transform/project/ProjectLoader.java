package io.weir.transform.project;

import io.weir.transform.TransformException;
import io.weir.transform.deps.InstalledPackages;
import io.weir.transform.deps.PackageSpec;
import io.weir.transform.deps.PackagesFile;
import io.weir.transform.jinja.DefinitionScope;
import io.weir.transform.jinja.JinjaEngine;
import io.weir.transform.jinja.JinjaGlobals;
import io.weir.transform.jinja.Macro;
import io.weir.transform.jinja.PackageMacros;
import io.weir.transform.jinja.StaticTemplate;
import io.weir.transform.yaml.YamlFiles;
import io.weir.warehouse.WarehouseTarget;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an unmodified dbt project into a {@link Manifest}: {@code dbt_project.yml}, macros, models, seeds,
 * snapshots, analyses, singular tests and properties files with their generic tests. Each template is parsed once
 * to capture its {@code ref()}, {@code source()} and {@code config()} calls: statically when those are its only
 * Jinja, rendered otherwise.
 */
public final class ProjectLoader {
    private static final Pattern CALLED = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*\\(");

    private final ProjectSettings settings;
    private final ProjectInfo info;
    private final WarehouseTarget target;
    private final JinjaEngine engine;
    private final ProjectFiles files;
    private final List<Macro> macros;
    private final Map<ResourceType, Map<String, Object>> baseConfigs;
    /** The installed packages' settings, in install order; filled while their macros are read. */
    private final List<ProjectSettings> packages = new ArrayList<>();

    private ProjectLoader(
            ProjectSettings settings,
            WarehouseTarget target,
            Map<String, Object> cliVars,
            Map<String, String> env,
            Map<ResourceType, Map<String, Object>> baseConfigs) {
        this.settings = settings;
        this.baseConfigs = Map.copyOf(baseConfigs);
        this.info = settings.info();
        this.target = target;
        this.files = new ProjectFiles(info);
        this.macros = files.macros();
        checkUniqueMacros(macros);
        Map<String, Object> vars = new HashMap<>(info.vars());
        vars.putAll(cliVars);
        PackageMacros installed = packageMacros(env);
        this.engine = JinjaEngine.create(
                new JinjaGlobals(info.name(), info.profile(), target, vars, env, packageVars(cliVars)),
                macros,
                installed);
    }

    /**
     * Each installed package's variables as dbt scopes them: the package's own {@code dbt_project.yml} vars, under
     * the root project's unscoped ones and its {@code vars: <package>:} block, under {@code --vars}.
     */
    private Map<String, Map<String, Object>> packageVars(Map<String, Object> cliVars) {
        Map<String, Object> rootVars = YamlFiles.map(
                YamlFiles.readMap(info.rootDir().resolve(ProjectSettings.FILE), ProjectSettings.FILE)
                        .get("vars"),
                ProjectSettings.FILE + " vars:");
        Set<String> scopes = new HashSet<>();
        scopes.add(info.name());
        packages.forEach(installed -> scopes.add(installed.info().name()));
        Map<String, Map<String, Object>> byPackage = new HashMap<>();
        for (ProjectSettings installed : packages) {
            String name = installed.info().name();
            Map<String, Object> vars = new HashMap<>(installed.info().vars());
            rootVars.forEach((key, value) -> {
                if (value != null && !(scopes.contains(key) && value instanceof Map<?, ?>)) {
                    vars.put(key, value);
                }
            });
            if (rootVars.get(name) instanceof Map<?, ?>) {
                YamlFiles.map(rootVars.get(name), ProjectSettings.FILE + " vars: " + name)
                        .forEach((key, value) -> {
                            if (value != null) {
                                vars.put(key, value);
                            }
                        });
            }
            vars.putAll(cliVars);
            byPackage.put(name, vars);
        }
        return byPackage;
    }

    /** The installed packages' macros, the listed packages not installed, and the project's dispatch orders. */
    private PackageMacros packageMacros(Map<String, String> env) {
        Path root = info.rootDir();
        List<PackageMacros.Installed> installed = new ArrayList<>();
        InstalledPackages.find(root).forEach((name, folder) -> {
            if (name.equals(info.name())) {
                return;
            }
            ProjectSettings packageSettings = ProjectSettings.read(folder);
            packages.add(packageSettings);
            ProjectInfo packageInfo = packageSettings.info();
            List<Macro> packageMacros = new ProjectFiles(packageInfo).macros();
            checkUniqueMacros(packageMacros);
            installed.add(new PackageMacros.Installed(
                    name, root.relativize(folder).toString().replace('\\', '/'), packageMacros));
        });
        Set<String> names = new HashSet<>();
        installed.forEach(done -> names.add(done.name()));
        Map<String, String> notInstalled = new LinkedHashMap<>();
        for (PackageSpec spec : PackagesFile.read(root, env)) {
            if (!names.contains(spec.likelyName())) {
                notInstalled.put(spec.likelyName(), spec.declared());
            }
        }
        return new PackageMacros(installed, notInstalled, dispatchOrders(root));
    }

    private static Map<String, List<String>> dispatchOrders(Path root) {
        Object dispatch = YamlFiles.readMap(root.resolve(ProjectSettings.FILE), ProjectSettings.FILE)
                .get("dispatch");
        Map<String, List<String>> orders = new LinkedHashMap<>();
        for (Object entry : YamlFiles.list(dispatch)) {
            Map<String, Object> map = YamlFiles.map(entry, ProjectSettings.FILE + " dispatch:");
            Object namespace = map.get("macro_namespace");
            if (namespace == null || map.get("search_order") == null) {
                throw new TransformException(ProjectSettings.FILE + ": each entry of 'dispatch:' needs"
                        + " 'macro_namespace:' and 'search_order:', such as {macro_namespace: dbt_utils,"
                        + " search_order: [my_project, dbt_utils]}");
            }
            orders.put(namespace.toString(), YamlFiles.strings(map.get("search_order")));
        }
        return orders;
    }

    /**
     * Loads the project in {@code projectDir}.
     *
     * @throws TransformException naming the file (and line where known) of the first problem found
     */
    public static LoadedProject load(
            Path projectDir, WarehouseTarget target, Map<String, Object> cliVars, Map<String, String> env) {
        return load(projectDir, target, cliVars, env, Map.of());
    }

    /**
     * Loads the project with {@code baseConfigs} under everything the project configures, as if they were set at
     * the root of {@code dbt_project.yml}: a Weir DAG sends snapshots that name no target to {@code raw.snapshots}
     * this way.
     */
    public static LoadedProject load(
            Path projectDir,
            WarehouseTarget target,
            Map<String, Object> cliVars,
            Map<String, String> env,
            Map<ResourceType, Map<String, Object>> baseConfigs) {
        ProjectLoader loader = new ProjectLoader(ProjectSettings.read(projectDir), target, cliVars, env, baseConfigs);
        return new LoadedProject(loader.manifest(), loader.engine);
    }

    private Manifest manifest() {
        Map<String, PropertiesFiles> properties = new LinkedHashMap<>();
        properties.put(info.name(), readProperties(info, files));
        List<NodeDraft> drafts = new ArrayList<>(files.nodes());
        Map<String, ProjectSettings> settingsByPackage = new LinkedHashMap<>();
        settingsByPackage.put(info.name(), settings);
        for (ProjectSettings installed : packages) {
            // A package's models, seeds, snapshots, analyses and singular tests are part of the project.
            ProjectFiles packageFiles = new ProjectFiles(installed.info());
            settingsByPackage.put(installed.info().name(), installed);
            properties.put(installed.info().name(), readProperties(installed.info(), packageFiles));
            drafts.addAll(packageFiles.nodes());
        }
        List<NodeDraft> enabled = new ArrayList<>();
        List<NodeDraft> disabled = new ArrayList<>();
        for (NodeDraft draft : drafts) {
            String packageName = draft.fqn.get(0);
            configure(
                    draft,
                    properties.get(packageName).node(draft.type, draft.name),
                    settingsByPackage.get(packageName));
            (draft.enabled() ? enabled : disabled).add(draft);
        }
        Map<String, SourceTable> sources = new LinkedHashMap<>();
        properties.values().forEach(files -> files.sources().forEach((id, source) -> sources.put(id, source.table())));
        Dependencies dependencies =
                new Dependencies(info.name(), settingsByPackage.keySet(), enabled, disabled, sources);
        RelationNames names = new RelationNames(engine, target);
        for (NodeDraft draft : enabled) {
            if (draft.isRefable() && !"ephemeral".equals(draft.config.get("materialized"))) {
                draft.relation = names.of(draft);
            }
        }
        for (ProjectSettings owner : settingsByPackage.values()) {
            enabled.addAll(genericTests(
                    enabled, owner.info(), properties.get(owner.info().name()), dependencies));
        }
        Map<String, NodeDraft> byId = new LinkedHashMap<>();
        enabled.stream().sorted(Comparator.comparing(draft -> draft.uniqueId)).forEach(draft -> {
            dependencies.resolve(draft);
            draft.dependsOnMacros = macroCalls(draft);
            byId.put(draft.uniqueId, draft);
        });
        Dependencies.checkAcyclic(byId);
        Map<String, Node> nodes = new LinkedHashMap<>();
        byId.forEach((id, draft) -> nodes.put(id, draft.freeze()));
        Map<String, Macro> macrosById = new LinkedHashMap<>();
        macros.forEach(macro -> macrosById.put(macro.uniqueId(), macro));
        Map<String, String> parseErrors = new LinkedHashMap<>();
        byId.forEach((id, draft) -> {
            if (draft.parseError != null) {
                parseErrors.put(id, draft.parseError);
            }
        });
        return new Manifest(info, nodes, sources, macrosById, parseErrors);
    }

    /** A properties value with Jinja ({@code "{{ target.schema }}_landing"}), rendered as dbt renders it. */
    private String renderYamlValue(String text) {
        if (text == null || (!text.contains("{{") && !text.contains("{%"))) {
            return text;
        }
        return engine.render(text, "a properties file", DefinitionScope.INSTANCE)
                .strip();
    }

    private PropertiesFiles readProperties(ProjectInfo owner, ProjectFiles ownerFiles) {
        PropertiesFiles properties = new PropertiesFiles(owner.name(), target, this::renderYamlValue);
        Set<String> roots = new LinkedHashSet<>(allRoots(owner));
        for (ProjectFiles.ProjectFile file : ownerFiles.files(List.copyOf(roots), ".yml", ".yaml")) {
            properties.read(file.read(), file.originalFilePath(), file.folders());
        }
        return properties;
    }

    /**
     * Folder config (a package's own, then the root project's, which wins), properties, then the template's own
     * {@code config()} calls, as dbt orders them.
     */
    private void configure(NodeDraft draft, NodeProperties properties, ProjectSettings owner) {
        Map<String, Object> config = Configs.defaults(draft.type);
        Configs.merge(config, baseConfigs.getOrDefault(draft.type, Map.of()));
        if (owner != settings) {
            Configs.merge(config, owner.folderConfigs(draft.type).resolve(draft.fqn));
        }
        Configs.merge(config, settings.folderConfigs(draft.type).resolve(draft.fqn));
        if (properties != null) {
            Configs.merge(config, properties.config());
            draft.description = properties.description() == null ? "" : properties.description();
            draft.columns = properties.columns();
        }
        draft.config = config;
        if (draft.type != ResourceType.SEED) {
            parse(draft);
        }
        if (draft.type == ResourceType.TEST && draft.config.get("severity") != null) {
            draft.config.put("severity", draft.config.get("severity").toString().toUpperCase(Locale.ROOT));
        }
    }

    private void parse(NodeDraft draft) {
        Optional<StaticTemplate> fast = StaticTemplate.parse(draft.rawCode);
        if (fast.isPresent()) {
            draft.refs.addAll(fast.get().refs());
            draft.sources.addAll(fast.get().sources());
            Configs.merge(draft.config, fast.get().config());
            return;
        }
        try {
            engine.render(draft.rawCode, draft.where(), new ParseScope(draft, target));
        } catch (TransformException e) {
            // dbt reports such a node as an error when it runs, and builds the rest of the project.
            draft.parseError = e.getMessage();
        }
    }

    private List<NodeDraft> genericTests(
            List<NodeDraft> enabled, ProjectInfo owner, PropertiesFiles properties, Dependencies dependencies) {
        FolderConfigs testConfigs = settings.folderConfigs(ResourceType.TEST);
        List<NodeDraft> tests = new ArrayList<>();
        for (NodeDraft node : enabled) {
            if (!node.fqn.get(0).equals(owner.name())) {
                continue;
            }
            NodeProperties nodeProperties = properties.node(node.type, node.name);
            if (nodeProperties == null || !node.isRefable()) {
                continue;
            }
            GenericTests.Target testTarget = new GenericTests.Target(node.type, node.name, null);
            for (TestDefinition definition : nodeProperties.tests()) {
                NodeDraft test = GenericTests.build(
                        definition,
                        testTarget,
                        owner.name(),
                        nodeProperties.file(),
                        folders(owner, nodeProperties.file()),
                        testConfigs);
                test.attachedNode = node.uniqueId;
                addTest(test, tests, dependencies);
            }
        }
        for (SourceProperties source : properties.sources().values()) {
            GenericTests.Target testTarget =
                    new GenericTests.Target(ResourceType.SOURCE, source.table().name(), source.table());
            for (TestDefinition definition : source.tests()) {
                NodeDraft test = GenericTests.build(
                        definition,
                        testTarget,
                        owner.name(),
                        source.table().originalFilePath(),
                        folders(owner, source.table().originalFilePath()),
                        testConfigs);
                addTest(test, tests, dependencies);
            }
        }
        return tests;
    }

    private void addTest(NodeDraft test, List<NodeDraft> tests, Dependencies dependencies) {
        if (!test.enabled() || test.refs.stream().anyMatch(ref -> dependencies.isDisabled(ref.name()))) {
            return;
        }
        String macro = "test_" + test.test.name();
        if (engine.macro(test.test.namespace(), test.fqn.get(0), macro).isEmpty()) {
            String shown = (test.test.namespace() == null ? "" : test.test.namespace() + ".") + test.test.name();
            throw new TransformException(test.originalFilePath + ": the test '" + shown + "' on "
                    + (test.testedNode != null
                            ? test.testedNode
                            : test.sources.get(0).toString())
                    + " has no macro test_" + test.test.name() + "; define {% test " + test.test.name()
                    + "(model, column_name) %} in macros/ or tests/generic/, or fix the test's name");
        }
        tests.add(test);
    }

    private static List<String> folders(ProjectInfo owner, String propertiesFile) {
        for (String root : allRoots(owner)) {
            String prefix = root.endsWith("/") ? root : root + "/";
            if (propertiesFile.startsWith(prefix)) {
                List<String> parts = new ArrayList<>(
                        List.of(propertiesFile.substring(prefix.length()).split("/")));
                parts.remove(parts.size() - 1);
                return parts;
            }
        }
        return List.of();
    }

    private static List<String> allRoots(ProjectInfo owner) {
        List<String> roots = new ArrayList<>(owner.modelPaths());
        roots.addAll(owner.seedPaths());
        roots.addAll(owner.snapshotPaths());
        roots.addAll(owner.analysisPaths());
        roots.addAll(owner.testPaths());
        return roots;
    }

    private List<String> macroCalls(NodeDraft draft) {
        Set<String> called = new LinkedHashSet<>();
        if (draft.test != null) {
            addMacro("test_" + draft.test.name(), called);
            addMacro("get_where_subquery", called);
        }
        if (draft.rawCode.indexOf('{') >= 0) {
            Matcher matcher = CALLED.matcher(draft.rawCode);
            while (matcher.find()) {
                addMacro(matcher.group(1), called);
            }
        }
        return List.copyOf(called);
    }

    private void addMacro(String name, Set<String> called) {
        if (engine.hasProjectMacro(name)) {
            called.add("macro." + info.name() + "." + name);
        } else if (engine.macro(name).isPresent()) {
            called.add("macro.dbt." + name);
        }
    }

    private static void checkUniqueMacros(List<Macro> macros) {
        Map<String, Macro> byName = new HashMap<>();
        for (Macro macro : macros) {
            Macro earlier = byName.putIfAbsent(macro.name(), macro);
            if (earlier != null) {
                throw new TransformException("The macro '" + macro.name() + "' is defined twice: "
                        + earlier.originalFilePath() + " line " + earlier.line() + " and " + macro.originalFilePath()
                        + " line " + macro.line() + "; keep one");
            }
        }
    }
}
