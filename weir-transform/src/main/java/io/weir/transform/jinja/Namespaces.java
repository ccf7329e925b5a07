package io.weir.transform.jinja;

import com.hubspot.jinjava.lib.fn.MacroFunction;
import io.weir.transform.TransformException;
import io.weir.warehouse.Dialect;
import io.weir.warehouse.Relation;
import io.weir.warehouse.RelationKind;
import io.weir.warehouse.WarehouseSession;
import io.weir.warehouse.WarehouseTarget;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The objects templates reach by name: {@code adapter}, {@code exceptions} and {@code modules}. */
final class Namespaces {
    private static final Logger LOG = LoggerFactory.getLogger("io.weir.transform.jinja.log");

    private Namespaces() {}

    static Map<String, Object> adapter(WarehouseTarget target) {
        Dialect dialect = target.dialect();
        Map<String, Object> adapter = new LinkedHashMap<>();
        adapter.put(
                "dispatch",
                new JavaMacro(
                        "dispatch",
                        List.of("macro_name", "macro_namespace", "packages"),
                        (render, arguments) -> dispatch(
                                render,
                                target,
                                arguments.requiredString("adapter.dispatch", "macro_name"),
                                arguments.string("macro_namespace"),
                                arguments.get("packages"))));
        adapter.put(
                "quote",
                new JavaMacro(
                        "quote",
                        List.of("identifier"),
                        (render, arguments) -> dialect.quote(arguments.requiredString("adapter.quote", "identifier"))));
        adapter.put(
                "get_relation",
                new JavaMacro(
                        "get_relation",
                        List.of("database", "schema", "identifier"),
                        (render, arguments) -> getRelation(render, target, arguments)));
        adapter.put(
                "get_columns_in_relation",
                new JavaMacro(
                        "get_columns_in_relation",
                        List.of("relation"),
                        (render, arguments) -> columns(render, arguments.get("relation"))));
        adapter.put("type", new JavaMacro("type", List.of(), (render, arguments) -> target.type()
                .profileName()));
        return Map.copyOf(adapter);
    }

    static Map<String, Object> exceptions() {
        return Map.of(
                "raise_compiler_error",
                new JavaMacro("raise_compiler_error", List.of("msg"), (render, arguments) -> {
                    throw new TransformException(arguments.string("msg"));
                }),
                "raise_not_implemented",
                new JavaMacro("raise_not_implemented", List.of("msg"), (render, arguments) -> {
                    throw new TransformException("not implemented: " + arguments.string("msg"));
                }),
                "warn",
                new JavaMacro("warn", List.of("msg"), (render, arguments) -> {
                    LOG.warn("{}", arguments.string("msg"));
                    return "";
                }));
    }

    static PythonModule modules() {
        return new Modules(Map.of("datetime", new DatetimeModule(), "re", new RegexModule(), "pytz", new PytzModule()));
    }

    /** dbt's {@code api}: {@code api.Relation.create(...)} and {@code api.Column(name, dtype)}. */
    static PythonModule api(WarehouseTarget target) {
        Dialect dialect = target.dialect();
        PythonModule relation = new PythonModule() {
            @Override
            public Object attribute(String name) {
                return UNKNOWN;
            }

            @Override
            public Object call(String name, List<Object> positional, Map<String, Object> keywords) {
                if (!name.equals("create")) {
                    return UNKNOWN;
                }
                Object identifier = keywords.get("identifier");
                if (identifier == null) {
                    throw new TransformException("api.Relation.create() needs identifier=...");
                }
                Object database = keywords.get("database");
                Object schema = keywords.get("schema");
                Object type = keywords.get("type");
                return new RelationValue(
                        new Relation(
                                database == null ? target.database() : database.toString(),
                                schema == null ? target.schema() : schema.toString(),
                                identifier.toString()),
                        dialect,
                        type == null ? null : type.toString());
            }

            @Override
            public String toString() {
                return "<class 'Relation'>";
            }
        };
        return new PythonModule() {
            @Override
            public Object attribute(String name) {
                if (name.equals("Relation")) {
                    return relation;
                }
                if (name.equals("Column")) {
                    return UNKNOWN;
                }
                throw new TransformException("api." + name + " is not available; Weir's api has Relation and Column");
            }

            @Override
            public Object call(String name, List<Object> positional, Map<String, Object> keywords) {
                if (!name.equals("Column")) {
                    return UNKNOWN;
                }
                Object column = positional.isEmpty() ? keywords.get("column") : positional.get(0);
                Object dtype = positional.size() > 1 ? positional.get(1) : keywords.get("dtype");
                if (column == null || dtype == null) {
                    throw new TransformException("api.Column() needs the column's name and its data type");
                }
                return new ColumnValue(column.toString(), dtype.toString(), dialect);
            }
        };
    }

    /** dbt's {@code modules}: {@code datetime}, {@code re} and {@code pytz}; any other name is an error. */
    private record Modules(Map<String, PythonModule> modules) implements PythonModule {
        @Override
        public Object attribute(String name) {
            PythonModule module = modules.get(name);
            if (module == null) {
                throw new TransformException("modules." + name + " is not available; Weir's templates have "
                        + String.join(", ", new java.util.TreeSet<>(modules.keySet())));
            }
            return module;
        }

        @Override
        public Object call(String name, List<Object> positional, Map<String, Object> keywords) {
            throw new TransformException("modules." + name + "() is no function");
        }
    }

    /**
     * The macro {@code adapter.dispatch(name, namespace)} picks, as dbt does: in each namespace of the search order,
     * {@code <adapter>__name}, then {@code default__name}. A name given as {@code 'package.name'} names its
     * namespace; the older {@code packages=[...]} argument is the search order itself.
     */
    private static DispatchedMacro dispatch(
            Render render, WarehouseTarget target, String name, String namespace, Object packages) {
        String macroName = name;
        String macroNamespace = namespace;
        int dot = name.indexOf('.');
        if (dot > 0) {
            macroNamespace = name.substring(0, dot);
            macroName = name.substring(dot + 1);
        }
        List<String> order = packages instanceof List<?> listed
                ? listed.stream().map(String::valueOf).toList()
                : render.engine().dispatchOrder(macroNamespace);
        String adapterName = target.type().profileName();
        List<String> candidates = List.of(adapterName + "__" + macroName, "default__" + macroName);
        for (String searched : order) {
            for (String candidate : candidates) {
                Optional<MacroFunction> macro = render.engine().macro(searched, candidate);
                if (macro.isPresent()) {
                    return new DispatchedMacro(macro.get());
                }
            }
        }
        if (macroNamespace == null) {
            for (String candidate : candidates) {
                Optional<MacroFunction> macro = render.engine().macro(candidate);
                if (macro.isPresent()) {
                    return new DispatchedMacro(macro.get());
                }
            }
        }
        String missing = macroNamespace == null ? null : render.engine().missingPackage(macroNamespace);
        if (missing != null) {
            throw new TransformException("adapter.dispatch('" + macroName + "', '" + macroNamespace + "'): the"
                    + " package " + missing + " is not installed; run `weir transform deps`");
        }
        throw new TransformException("adapter.dispatch('" + macroName + "'"
                + (macroNamespace == null ? "" : ", '" + macroNamespace + "'") + ") found no macro named "
                + adapterName + "__" + macroName + " or default__" + macroName + " in " + String.join(", ", order)
                + "; define one in the project's macros or install the package that has it");
    }

    /**
     * The older {@code adapter_macro('package.name', args...)}: the macro {@code <adapter>__name}, else {@code
     * default__name}, of the package (or, unprefixed, of the project and dbt), called with the arguments.
     */
    static Object adapterMacro(
            Render render, WarehouseTarget target, String name, List<Object> arguments, Map<String, Object> keywords) {
        DispatchedMacro macro = dispatch(render, target, name, null, null);
        return macro.callSpread(
                arguments == null ? List.of() : arguments, List.of(), keywords == null ? Map.of() : keywords);
    }

    private static RelationValue getRelation(Render render, WarehouseTarget target, Arguments arguments) {
        WarehouseSession session = render.scope().session();
        if (session == null || !render.scope().execute()) {
            return null;
        }
        String database = arguments.string("database");
        Relation relation = new Relation(
                database == null ? target.database() : database,
                arguments.requiredString("adapter.get_relation", "schema"),
                arguments.requiredString("adapter.get_relation", "identifier"));
        Optional<RelationKind> kind = session.relationKind(relation);
        return kind.map(found -> new RelationValue(
                        relation, target.dialect(), found.name().toLowerCase(Locale.ROOT)))
                .orElse(null);
    }

    private static List<ColumnValue> columns(Render render, Object relation) {
        WarehouseSession session = render.scope().session();
        if (session == null || !render.scope().execute()) {
            return List.of();
        }
        if (!(relation instanceof RelationValue value)) {
            throw new TransformException("adapter.get_columns_in_relation() needs a relation, not " + relation);
        }
        Dialect dialect = render.engine().globals().target().dialect();
        return session.columns(value.relation()).stream()
                .map(column -> new ColumnValue(column.name(), column.dataType(), dialect))
                .toList();
    }
}
