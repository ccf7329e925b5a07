package io.weir.transform.compile;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.transform.project.Node;
import io.weir.warehouse.Column;
import io.weir.warehouse.QueryResult;
import io.weir.warehouse.Warehouse;
import io.weir.warehouse.WarehouseSession;
import io.weir.warehouse.WarehouseTarget;
import io.weir.warehouse.WarehouseType;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dbt's cross-database macros compile to SQL the warehouse runs with the results dbt's give. */
abstract class CrossDatabaseMacrosContract {
    @TempDir
    Path temp;

    abstract WarehouseTarget target();

    private static final Map<String, String> EXPRESSIONS = expressions();

    private static Map<String, String> expressions() {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("added_days", "cast({{ dbt.dateadd('day', 3, \"cast('2024-01-30' as date)\") }} as date)");
        columns.put("minus_month", "cast({{ dateadd('month', -1, \"cast('2024-03-31' as timestamp)\") }} as date)");
        columns.put(
                "diff_days", "{{ datediff(\"cast('2024-01-01' as date)\", \"cast('2024-03-15' as date)\", 'day') }}");
        columns.put(
                "diff_months",
                "{{ datediff(\"cast('2024-01-31' as date)\", \"cast('2024-03-01' as date)\", 'month') }}");
        columns.put(
                "diff_years", "{{ datediff(\"cast('2023-12-31' as date)\", \"cast('2024-01-01' as date)\", 'year') }}");
        columns.put(
                "diff_weeks", "{{ datediff(\"cast('2024-01-01' as date)\", \"cast('2024-01-15' as date)\", 'week') }}");
        columns.put(
                "diff_hours",
                "{{ datediff(\"cast('2024-01-01 00:00:00' as timestamp)\","
                        + " \"cast('2024-01-02 03:00:00' as timestamp)\", 'hour') }}");
        columns.put("truncated", "cast({{ date_trunc('month', \"cast('2024-02-17' as date)\") }} as date)");
        columns.put("month_end", "{{ last_day(\"cast('2024-02-10' as date)\", 'month') }}");
        columns.put("quarter_end", "{{ last_day(\"cast('2024-02-10' as date)\", 'quarter') }}");
        columns.put("concatenated", "{{ concat([\"'a'\", \"'b'\", \"'c'\"]) }}");
        columns.put("hashed", "{{ dbt.hash(\"'abc'\") }}");
        columns.put("safe_cast", "{{ safe_cast(\"'12'\", type_int()) }}");
        columns.put("cast", "{{ dbt.cast(\"'7'\", dbt.type_bigint()) }}");
        columns.put("split", "{{ split_part(\"'a,b,c'\", \"','\", 2) }}");
        columns.put(
                "listed",
                "(select {{ listagg('x', \"'-'\", 'order by x') }} from (values ('b'), ('a'), ('c')) as t(x))");
        columns.put(
                "listed_two",
                "(select {{ listagg('x', \"'-'\", 'order by x', 2) }} from (values ('b'), ('a'), ('c')) as t(x))");
        columns.put("any_value", "(select {{ any_value('x') }} from (values (5), (5)) as t(x))");
        columns.put("bool_or", "(select {{ bool_or('x') }} from (values (true), (false)) as t(x))");
        columns.put("position", "{{ position(\"'c'\", \"'abc'\") }}");
        columns.put("replaced", "{{ dbt.replace(\"'abc'\", \"'b'\", \"'x'\") }}");
        columns.put("right_two", "{{ right(\"'abcdef'\", 2) }}");
        columns.put("length", "{{ length(\"'abcd'\") }}");
        columns.put("literal", "{{ string_literal(escape_single_quotes(\"it's\")) }}");
        columns.put("excepted", "(select count(*) from (select 1 as n {{ except() }} select 2 as n) as e)");
        columns.put("intersected", "(select count(*) from (select 1 as n {{ intersect() }} select 2 as n) as i)");
        columns.put("bool_text", "{{ cast_bool_to_text('true') }}");
        columns.put(
                "array_text",
                "cast({{ array_concat(array_append(array_construct([1, 2]), 3), array_construct([4])) }} as"
                        + " {{ type_string() }})");
        columns.put("series", "(select count(*) from ({{ generate_series(5) }}) as s)");
        columns.put(
                "intervals",
                "{{ get_intervals_between(\"cast('2024-01-01' as date)\","
                        + " \"cast('2024-01-11' as date)\", 'day') }}");
        columns.put("float", "cast(1.5 as {{ type_float() }})");
        columns.put("numeric", "cast(2.25 as {{ type_numeric() }})");
        columns.put("text", "cast('x' as {{ type_string() }})");
        columns.put("timestamp", "cast('2024-01-01 10:00:00' as {{ type_timestamp() }})");
        columns.put("boolean", "cast('true' as {{ type_boolean() }})");
        columns.put("now_set", "{{ current_timestamp() }} is not null");
        return columns;
    }

    private Map<String, String> results(Map<String, String> extraMacros) {
        Fixtures.write(temp, "dbt_project.yml", "name: xdb\nprofile: xdb\n");
        extraMacros.forEach((file, text) -> Fixtures.write(temp, file, text));
        StringBuilder sql = new StringBuilder("select\n");
        EXPRESSIONS.forEach((alias, expression) ->
                sql.append("  ").append(expression).append(" as ").append(alias).append(",\n"));
        sql.setLength(sql.length() - 2);
        Fixtures.write(temp, "models/all_macros.sql", sql.toString());
        TransformProject project = TransformProject.load(temp, target(), Map.of(), Map.of());
        Node node = project.manifest().nodes().get("model.xdb.all_macros");
        try (Warehouse warehouse = Warehouse.open(target());
                WarehouseSession session = warehouse.session()) {
            String compiled = project.compile(node, session, false);
            QueryResult table = session.query(compiled);
            Map<String, String> values = new LinkedHashMap<>();
            List<Column> columns = table.columns();
            for (int i = 0; i < columns.size(); i++) {
                Object value = table.rows().get(0).get(i);
                // PostgreSQL's date_part gives doubles, as dbt's datediff there does: 2.0 is read as 2
                String text = value instanceof Double number && number == Math.rint(number)
                        ? String.valueOf(number.longValue())
                        : value == null ? null : value.toString();
                values.put(columns.get(i).name().toLowerCase(Locale.ROOT), text);
            }
            return values;
        }
    }

    @Test
    void everyMacroGivesDbtsResult() {
        Map<String, String> values = results(Map.of());
        boolean postgres = target().type() == WarehouseType.POSTGRES;
        assertThat(values)
                .containsEntry("added_days", "2024-02-02")
                .containsEntry("minus_month", "2024-02-29")
                .containsEntry("diff_days", "74")
                .containsEntry("diff_months", "2")
                .containsEntry("diff_years", "1")
                .containsEntry("diff_weeks", "2")
                .containsEntry("diff_hours", "27")
                .containsEntry("truncated", "2024-02-01")
                .containsEntry("month_end", "2024-02-29")
                .containsEntry("quarter_end", "2024-03-31")
                .containsEntry("concatenated", "abc")
                .containsEntry("hashed", "900150983cd24fb0d6963f7d28e17f72")
                .containsEntry("safe_cast", "12")
                .containsEntry("cast", "7")
                .containsEntry("split", "b")
                .containsEntry("listed", "a-b-c")
                .containsEntry("listed_two", "a-b")
                .containsEntry("any_value", "5")
                .containsEntry("bool_or", "true")
                .containsEntry("position", "3")
                .containsEntry("replaced", "axc")
                .containsEntry("right_two", "ef")
                .containsEntry("length", "4")
                .containsEntry("literal", "it's")
                .containsEntry("excepted", "1")
                .containsEntry("intersected", "0")
                .containsEntry("bool_text", "true")
                .containsEntry("array_text", postgres ? "{1,2,3,4}" : "[1, 2, 3, 4]")
                .containsEntry("series", "5")
                .containsEntry("intervals", "10")
                .containsEntry("float", "1.5")
                .containsEntry("text", "x")
                .containsEntry("boolean", "true")
                .containsEntry("now_set", "true");
        assertThat(values.get("numeric")).startsWith("2.25");
        assertThat(values.get("timestamp")).startsWith("2024-01-01");
    }

    @Test
    void aProjectsOwnImplementationReplacesWeirs() {
        Map<String, String> values = results(Map.of(
                "macros/overrides.sql",
                "{% macro default__hash(field) %}'hashed:' || {{ field }}{% endmacro %}\n"
                        + "{% macro length(expression) %}(length({{ expression }}) * 10){% endmacro %}\n"));
        assertThat(values).containsEntry("hashed", "hashed:abc").containsEntry("length", "40");
    }
}
