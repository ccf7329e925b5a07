package io.weir.transform.jinja;

import static java.util.Objects.requireNonNull;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import com.hubspot.jinjava.el.ext.NamedParameter;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.InterpretException;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.MacroFunction;
import com.hubspot.jinjava.objects.date.PyishDate;
import com.hubspot.jinjava.tree.Node;
import com.hubspot.jinjava.tree.TagNode;
import io.weir.transform.TransformException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import jinjava.javax.el.CompositeELResolver;
import jinjava.javax.el.ELResolver;

/**
 * A project's Jinja environment: Weir's built-in dbt functions and macros, the project's own macros (which win over
 * the built-ins of the same name), and the project-wide variables. Immutable once created; renders run on any
 * number of threads at once, each in its own context.
 */
public final class JinjaEngine {
    private static final List<String> BUILTIN_MACROS = List.of("builtin_macros.sql", "cross_database_macros.sql");

    private final Jinjava jinjava;
    private final JinjaGlobals globals;
    private final Context projectContext;
    private final Map<String, MacroFunction> builtinMacros;
    private final Map<String, MacroFunction> projectMacros;
    private final Map<String, Map<String, MacroFunction>> packageMacros = new LinkedHashMap<>();
    /** Per installed package, the context its nodes render in: its own macros unprefixed, over the project's. */
    private final Map<String, Context> packageContexts = new HashMap<>();

    private final PackageMacros packages;
    private final Map<String, Node> templates = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> assignments = new ConcurrentHashMap<>();

    private JinjaEngine(JinjaGlobals globals, Collection<Macro> macros, PackageMacros packages) {
        this.globals = globals;
        this.packages = packages;
        this.jinjava = new PythonJinjava(JinjavaConfig.newBuilder()
                .withElResolver(resolver())
                .withEnableRecursiveMacroCalls(true)
                .withMaxMacroRecursionDepth(200)
                .withLegacyOverrides(LegacyOverrides.newBuilder()
                        .withUsePyishObjectMapper(true)
                        .withUseSnakeCasePropertyNaming(true)
                        .withUseTrimmingForNotesAndExpressions(true)
                        .withParseWhitespaceControlStrictly(true)
                        .withUseNaturalOperatorPrecedence(true)
                        .withIterateOverMapKeys(true)
                        .withEvaluateMapKeys(true)
                        .withKeepNullableLoopValues(true)
                        .build())
                .build());
        jinjava.getGlobalContext().registerTag(new ReturningMacro.Tag());
        DefinedChecks.register(jinjava.getGlobalContext());
        jinjava.getGlobalContext().registerFilter(new ContextFunctions.ToJsonFilter());
        jinjava.getGlobalContext().registerFilter(new LoopFilter());
        Context builtinContext = new IsolatedContext(jinjava.getGlobalContext(), builtinVariables(globals));
        ContextFunctions.all(globals).forEach(builtinContext::addGlobalMacro);
        this.builtinMacros = define(
                builtinContext,
                "dbt",
                "",
                BUILTIN_MACROS.stream().map(JinjaEngine::builtinMacroSource).toList());
        builtinMacros.values().forEach(builtinContext::addGlobalMacro);
        builtinContext.put("dbt", Map.copyOf(builtinMacros));
        this.projectContext = new IsolatedContext(builtinContext, Map.of());
        for (PackageMacros.Installed installed : packages.packages()) {
            Map<String, MacroFunction> defined =
                    define(builtinContext, installed.name(), installed.folder() + "/", installed.macros());
            packageMacros.put(installed.name(), defined);
            projectContext.put(installed.name(), Map.copyOf(defined));
            Context packageContext = new IsolatedContext(projectContext, Map.of());
            defined.values().forEach(packageContext::addGlobalMacro);
            packageContexts.put(installed.name(), packageContext);
        }
        this.projectMacros = define(builtinContext, globals.projectName(), "", macros);
        projectMacros.values().forEach(projectContext::addGlobalMacro);
        projectContext.put(globals.projectName(), Map.copyOf(projectMacros));
    }

    /**
     * An environment with the project's macros defined.
     *
     * @throws TransformException naming the macro file and line when a macro does not parse
     */
    public static JinjaEngine create(JinjaGlobals globals, Collection<Macro> macros) {
        return create(globals, macros, PackageMacros.none());
    }

    /** As {@link #create(JinjaGlobals, Collection)}, with the installed packages' macros under their namespaces. */
    public static JinjaEngine create(JinjaGlobals globals, Collection<Macro> macros, PackageMacros packages) {
        requireNonNull(globals, "globals is null");
        requireNonNull(packages, "packages is null");
        return new JinjaEngine(globals, macros, packages);
    }

    public JinjaGlobals globals() {
        return globals;
    }

    /** Whether the project defines a macro named {@code name} (such as its own {@code generate_schema_name}). */
    public boolean hasProjectMacro(String name) {
        return projectMacros.containsKey(name);
    }

    /** How the package whose macros would be {@code namespace} is declared, when it is declared but not installed. */
    String missingPackage(String namespace) {
        return packages.notInstalled().get(namespace);
    }

    /**
     * The macro {@code name} of {@code namespace}: the root project's name, {@code dbt} for the built-in ones, or an
     * installed package's name.
     */
    public Optional<MacroFunction> macro(String namespace, String name) {
        Map<String, MacroFunction> macros = namespace.equals(globals.projectName())
                ? projectMacros
                : namespace.equals("dbt") ? builtinMacros : packageMacros.getOrDefault(namespace, Map.of());
        return Optional.ofNullable(macros.get(name));
    }

    /**
     * Where {@code adapter.dispatch(name, namespace)} looks, in order: the project's {@code dispatch:} search order
     * for the namespace, else the root project then the namespace.
     */
    List<String> dispatchOrder(String namespace) {
        List<String> configured =
                namespace == null ? null : packages.dispatchOrder().get(namespace);
        if (configured != null) {
            return configured;
        }
        return namespace == null || namespace.equals(globals.projectName())
                ? List.of(globals.projectName(), "dbt")
                : List.of(globals.projectName(), namespace);
    }

    /** The macro named {@code name}: the project's, else the built-in one. */
    public Optional<MacroFunction> macro(String name) {
        MacroFunction macro = projectMacros.get(name);
        return Optional.ofNullable(macro != null ? macro : builtinMacros.get(name));
    }

    /**
     * Renders {@code template} for a node.
     *
     * @param where the node and file, as errors name them: {@code model shop.orders (models/orders.sql)}
     * @throws TransformException naming {@code where} and the line when the template fails
     */
    public String render(String template, String where, NodeScope scope) {
        return withInterpreter(where, scope, interpreter -> {
            Render.current().templateAssigned(assignments.computeIfAbsent(template, Assignments::in));
            return interpreter.render(parsed(template, interpreter));
        });
    }

    /**
     * The node tree of {@code template}, read once: the parse pass and the compile of a node render the same
     * template. A template that has syntax errors is read again each time, so that each render reports them.
     */
    private Node parsed(String template, JinjavaInterpreter interpreter) {
        Node cached = templates.get(template);
        if (cached != null) {
            return cached;
        }
        int errors = interpreter.getErrors().size();
        Node root = interpreter.parse(TemplateText.prepare(template));
        refuseForElse(root, interpreter);
        if (interpreter.getErrors().size() == errors) {
            templates.put(template, root);
        }
        return root;
    }

    /**
     * Jinja2's {@code {% for %} ... {% else %} ... {% endfor %}} renders the else part only for an empty sequence;
     * Jinjava would render it inside every iteration, so such a template is an error rather than silently wrong SQL.
     */
    private static void refuseForElse(Node node, JinjavaInterpreter interpreter) {
        for (Node child : node.getChildren()) {
            if (node instanceof TagNode loop
                    && "for".equals(loop.getName())
                    && child instanceof TagNode tag
                    && "else".equals(tag.getName())) {
                interpreter.addError(new TemplateError(
                        TemplateError.ErrorType.FATAL,
                        TemplateError.ErrorReason.SYNTAX_ERROR,
                        TemplateError.ErrorItem.TAG,
                        "{% else %} inside {% for %} is not supported; test the sequence's length with {% if %}"
                                + " around the loop instead",
                        null,
                        tag.getLineNumber(),
                        tag.getStartPosition(),
                        null));
            }
            refuseForElse(child, interpreter);
        }
    }

    /**
     * The macro a node of {@code packageName} calls as {@code namespace.name}, or unprefixed when {@code namespace}
     * is null: its own package's first, then the project's, then the built-in one.
     */
    public Optional<MacroFunction> macro(String namespace, String packageName, String name) {
        if (namespace != null) {
            return macro(namespace, name);
        }
        Optional<MacroFunction> own = packageName == null || packageName.equals(globals.projectName())
                ? Optional.empty()
                : macro(packageName, name);
        return own.isPresent() ? own : macro(name);
    }

    /** Calls the macro {@code name} with keyword arguments, giving what it returns (its text, or its return value). */
    public Object call(
            String name, List<Object> arguments, Map<String, Object> keywords, String where, NodeScope scope) {
        return call(null, name, arguments, keywords, where, scope);
    }

    /** As {@link #call(String, List, Map, String, NodeScope)}, for the macro of {@code namespace} (null: unprefixed). */
    public Object call(
            String namespace,
            String name,
            List<Object> arguments,
            Map<String, Object> keywords,
            String where,
            NodeScope scope) {
        MacroFunction macro = macro(namespace, scope.packageName(), name)
                .orElseThrow(() -> new TransformException("Compilation error in " + where
                        + ": there is no macro named '" + (namespace == null ? "" : namespace + ".") + name
                        + "'; define it in the project's macros"));
        List<Object> all = new ArrayList<>(arguments);
        keywords.forEach((key, value) -> all.add(new NamedParameter(key, value)));
        return withInterpreter(where, scope, interpreter -> macro.evaluate(all.toArray()));
    }

    /** Evaluates one expression, such as {@code ref('customers')}, giving its value. */
    public Object evaluate(String expression, String where, NodeScope scope) {
        String prepared = TemplateText.prepare("{{ " + expression + " }}");
        String inner = prepared.substring(3, prepared.length() - 3);
        return withInterpreter(where, scope, interpreter -> interpreter.resolveELExpression(inner, 1));
    }

    private <T> T withInterpreter(String where, NodeScope scope, Function<JinjavaInterpreter, T> work) {
        Render render = new Render(this, scope, where, null);
        Map<String, Object> bindings = new HashMap<>();
        bindings.put(Render.CONTEXT_KEY, render);
        bindings.put("this", scope.self());
        bindings.put("model", scope.model());
        bindings.put("config", new ConfigValues(scope));
        bindings.put("execute", scope.execute());
        bindings.putAll(scope.variables());
        bindings.put("graph", scope.graph());
        bindings.put("selected_resources", scope.selectedResources());
        Context context = new IsolatedContext(
                scope.packageName() == null
                        ? projectContext
                        : packageContexts.getOrDefault(scope.packageName(), projectContext),
                bindings);
        JinjavaInterpreter interpreter = new StrictInterpreter(jinjava, context);
        JinjavaInterpreter.pushCurrent(interpreter);
        T result;
        try {
            result = work.apply(interpreter);
        } catch (TransformException e) {
            render.fail(e);
            result = null;
        } catch (InterpretException e) {
            // A tag rethrows what failed inside it; the failure kept on the render says what it was.
            render.fail(new TransformException(e.getMessage(), e));
            result = null;
        } finally {
            JinjavaInterpreter.popCurrent();
        }
        CompileErrors.check(where, 0, render.failure(), interpreter.getErrors());
        return result;
    }

    /**
     * Defines the macros of one package. Each remembers the package's scope, so that inside it the package's own
     * macros are found unprefixed before the root project's (Jinjava brings a macro's defining scope into its calls
     * when the caller's import path differs, and each package has its own).
     */
    private Map<String, MacroFunction> define(
            Context parent, String packageName, String folder, Collection<Macro> macros) {
        Map<String, MacroFunction> defined = new LinkedHashMap<>();
        NodeScope scope = DefinitionScope.INSTANCE;
        Context packageScope = new IsolatedContext(null, Map.of(Context.IMPORT_RESOURCE_PATH_KEY, packageName));
        for (Macro macro : macros) {
            String file = folder + macro.originalFilePath();
            String where = "macro " + macro.name() + " (" + file + ")";
            Render.MacroSite site = new Render.MacroSite(
                    packageName, file, macro.line() - 1, packageScope, Assignments.in(macro.macroSql()));
            Render render = new Render(this, scope, where, site);
            Context context = new IsolatedContext(parent, Map.of(Render.CONTEXT_KEY, render));
            JinjavaInterpreter interpreter = new StrictInterpreter(jinjava, context);
            JinjavaInterpreter.pushCurrent(interpreter);
            try {
                interpreter.render(TemplateText.prepare(macroText(macro)));
            } catch (InterpretException e) {
                render.fail(new TransformException(e.getMessage(), e));
            } finally {
                JinjavaInterpreter.popCurrent();
            }
            CompileErrors.check(where, macro.line() - 1, render.failure(), interpreter.getErrors());
            defined.putAll(context.getGlobalMacros());
        }
        defined.values().forEach(packageScope::addGlobalMacro);
        return defined;
    }

    private static String macroText(Macro macro) {
        return TemplateText.testBlockAsMacro(macro.macroSql());
    }

    private static Map<String, Object> builtinVariables(JinjaGlobals globals) {
        Map<String, Object> variables = new HashMap<>();
        variables.put("target", globals.targetMap());
        variables.put("project_name", globals.projectName());
        variables.put("adapter", Namespaces.adapter(globals.target()));
        variables.put("exceptions", Namespaces.exceptions());
        variables.put("modules", Namespaces.modules());
        variables.put("api", Namespaces.api(globals.target()));
        variables.put("dbt_version", "1.8.0");
        variables.put("invocation_id", UUID.randomUUID().toString());
        variables.put("run_started_at", new PyishDate(ZonedDateTime.now()));
        variables.put("flags", flags());
        variables.put(TemplateText.ESCAPED_CHARACTERS + "n__", "\n");
        variables.put(TemplateText.ESCAPED_CHARACTERS + "t__", "\t");
        variables.put(TemplateText.ESCAPED_CHARACTERS + "r__", "\r");
        return variables;
    }

    /** dbt's {@code flags}, as a run without special flags has them (WHICH is not yet the command's). */
    private static Map<String, Object> flags() {
        Map<String, Object> flags = new HashMap<>();
        flags.put("WHICH", "run");
        flags.put("FULL_REFRESH", false);
        flags.put("STORE_FAILURES", false);
        flags.put("FAIL_FAST", false);
        flags.put("WARN_ERROR", false);
        flags.put("DEBUG", false);
        flags.put("QUIET", false);
        flags.put("EMPTY", false);
        flags.put("USE_COLORS", false);
        flags.put("PARTIAL_PARSE", false);
        flags.put("STATIC_PARSER", true);
        flags.put("INTROSPECT", true);
        flags.put("PRINTER_WIDTH", 80);
        flags.put("LOG_FORMAT", "default");
        flags.put("SEND_ANONYMOUS_USAGE_STATS", false);
        return Map.copyOf(flags);
    }

    /** Jinjava's resolver, with Python's dict and str methods tried first. */
    private static ELResolver resolver() {
        CompositeELResolver resolver = new CompositeELResolver();
        resolver.add(new PythonMethods());
        resolver.add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_WRITE);
        return resolver;
    }

    private static Macro builtinMacroSource(String resource) {
        try (InputStream in = JinjaEngine.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the classpath");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new Macro("macro.dbt." + resource, "dbt", resource, resource, 1, text);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }
}
