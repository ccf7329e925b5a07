package io.weir.transform.compile;

import io.weir.transform.jinja.Ref;
import io.weir.transform.jinja.SourceRef;
import io.weir.transform.jinja.StaticTemplate;
import io.weir.transform.project.Node;
import io.weir.transform.project.TestSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * dbt's four built-in generic tests written out directly, giving exactly the SQL their Jinja macros render: a project
 * with thousands of {@code unique} and {@code not_null} tests compiles them without a template each. A project that
 * overrides one of the macros, or a test whose arguments hold Jinja, goes through the templates instead.
 */
final class BuiltinTests {
    private static final Set<String> NAMES = Set.of("unique", "not_null", "accepted_values", "relationships");
    private static final Pattern MODEL = Pattern.compile("\\{\\{\\s*get_where_subquery\\((.*)\\)\\s*}}");

    private BuiltinTests() {}

    /**
     * The test's SQL, or empty when the templates must render it.
     *
     * @param overridden whether the project defines a macro of the given name
     */
    static Optional<String> compile(Node node, TestSpec test, CompileScope scope, Predicate<String> overridden) {
        String name = test.name();
        if (!NAMES.contains(name)
                || (test.namespace() != null && !test.namespace().equals("dbt"))
                || overridden.test("test_" + name)
                || overridden.test("default__test_" + name)
                || overridden.test(scope.adapterName() + "__test_" + name)
                || overridden.test("get_where_subquery")) {
            return Optional.empty();
        }
        Map<String, Object> kwargs = test.kwargs();
        Optional<String> model = model(kwargs.get("model"), node, scope);
        Optional<String> column = plain(kwargs.get("column_name"));
        if (model.isEmpty() || column.isEmpty()) {
            return Optional.empty();
        }
        String c = column.get();
        String m = model.get();
        return switch (name) {
            case "not_null" -> Optional.of("select " + c + "\nfrom " + m + "\nwhere " + c + " is null");
            case "unique" -> Optional.of("select\n    " + c + " as unique_field,\n    count(*) as n_records\nfrom " + m
                    + "\nwhere " + c + " is not null\ngroup by " + c + "\nhaving count(*) > 1");
            case "accepted_values" -> acceptedValues(kwargs, c, m);
            default -> relationships(kwargs, c, m, scope);
        };
    }

    private static Optional<String> acceptedValues(Map<String, Object> kwargs, String column, String model) {
        if (!(kwargs.get("values") instanceof List<?> values)) {
            return Optional.empty();
        }
        Object quoteArgument = kwargs.getOrDefault("quote", true);
        if (!(quoteArgument instanceof Boolean quote)) {
            return Optional.empty();
        }
        StringBuilder list = new StringBuilder();
        for (Object value : values) {
            if (!(value instanceof String || value instanceof Integer || value instanceof Long)
                    || value.toString().contains("{")) {
                return Optional.empty();
            }
            if (!list.isEmpty()) {
                list.append(", ");
            }
            list.append(quote ? "'" + value.toString().replace("'", "''") + "'" : value.toString());
        }
        return Optional.of("with observed as (\n    select " + column + " as value_field, count(*) as n_records\n"
                + "    from " + model + "\n    group by " + column
                + "\n)\nselect value_field, n_records\nfrom observed\n"
                + "where value_field not in (" + list + ")");
    }

    private static Optional<String> relationships(
            Map<String, Object> kwargs, String column, String model, CompileScope scope) {
        Optional<String> field = plain(kwargs.get("field"));
        Optional<String> to = kwargs.get("to") instanceof String text ? relation(text, scope) : Optional.empty();
        if (field.isEmpty() || to.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("with child as (\n    select " + column + " as from_field\n    from " + model
                + "\n    where "
                + column + " is not null\n),\nparent as (\n    select " + field.get() + " as to_field\n    from "
                + to.get() + "\n)\nselect child.from_field\nfrom child\nleft join parent on child.from_field ="
                + " parent.to_field\nwhere parent.to_field is null");
    }

    private static Optional<String> model(Object argument, Node node, CompileScope scope) {
        if (!(argument instanceof String text)) {
            return Optional.empty();
        }
        Matcher matcher = MODEL.matcher(text.strip());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        Optional<String> relation = relation(matcher.group(1), scope);
        String where = node.config().string("where");
        if (relation.isEmpty() || where == null || where.isBlank()) {
            return relation;
        }
        if (where.contains("{")) {
            return Optional.empty();
        }
        return Optional.of("(select * from " + relation.get() + " where " + where + ") dbt_subquery");
    }

    private static Optional<String> relation(String expression, CompileScope scope) {
        Optional<Object> call = StaticTemplate.relationCall(expression);
        if (call.isPresent() && call.get() instanceof Ref ref) {
            return Optional.of(scope.ref(ref.packageName(), ref.name()).toString());
        }
        if (call.isPresent() && call.get() instanceof SourceRef source) {
            return Optional.of(
                    scope.source(source.sourceName(), source.tableName()).toString());
        }
        return Optional.empty();
    }

    private static Optional<String> plain(Object argument) {
        return argument instanceof String text && !text.contains("{") && !text.isBlank()
                ? Optional.of(text)
                : Optional.empty();
    }
}
