package io.weir.transform.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The package part of the generated benchmark project: a local package and models that call its macros. */
final class PackageMacrosProject {
    private static final String MACROS =
            """
            {% macro surrogate_key(field_list) -%}
              {{ return(adapter.dispatch('surrogate_key', 'bench_utils')(field_list)) }}
            {%- endmacro %}

            {% macro default__surrogate_key(field_list) -%}
              {%- set fields = [] -%}
              {%- for field in field_list -%}
                {%- do fields.append("coalesce(cast(" ~ field ~ " as " ~ dbt.type_string() ~ "), '_null_')") -%}
                {%- if not loop.last %}{% do fields.append("'-'") %}{% endif -%}
              {%- endfor -%}
              {{ dbt.hash(dbt.concat(fields)) }}
            {%- endmacro %}

            {% macro star(from, except=[], relation_alias=none) -%}
              {%- if not execute or from is not mapping -%}{{ return('*') }}{%- endif -%}
              {%- set columns = adapter.get_columns_in_relation(from) -%}
              {%- if columns | length == 0 -%}{{ return((relation_alias ~ '.' if relation_alias else '') ~ '*') }}{%- endif -%}
              {%- for column in columns if column.name | lower not in except -%}
                {{ relation_alias ~ '.' if relation_alias }}{{ adapter.quote(column.name) }}{{ ', ' if not loop.last }}
              {%- endfor -%}
            {%- endmacro %}

            {% macro union_relations(relations, source_column_name='_source_relation') -%}
              {%- for relation in relations %}
                select {{ dbt.string_literal(relation.identifier) }} as {{ source_column_name }}, * from {{ relation }}
                {% if not loop.last %}union all{% endif %}
              {%- endfor %}
            {%- endmacro %}
            """;

    private PackageMacrosProject() {}

    static void writePackage(Path dir) throws IOException {
        Path packageDir = dir.resolve("bench_utils");
        Files.createDirectories(packageDir.resolve("macros"));
        Files.writeString(
                packageDir.resolve("dbt_project.yml"), "name: bench_utils\nversion: '1.0.0'\nprofile: bench\n");
        Files.writeString(packageDir.resolve("macros/utils.sql"), MACROS);
        Files.writeString(dir.resolve("packages.yml"), "packages:\n  - local: bench_utils\n");
    }

    /**
     * {@code sql} of a generated model with package macro calls in most models (four in five): a surrogate key, a
     * date, a star over its first parent, and a union of its parents in every tenth model.
     */
    static String withMacroCalls(int model, String sql) {
        if (model < 10 || model % 5 == 0) {
            return sql;
        }
        int from = sql.indexOf("\nfrom {{ ref('");
        String firstRef = sql.substring(from + 6, sql.indexOf("}}", from) + 2);
        String select = sql.substring(0, from);
        String calls = ",\n  {{ bench_utils.surrogate_key(['a.id', 'a.category']) }} as row_key,\n"
                + "  {{ dbt.dateadd('day', 1, 'current_date') }} as next_day";
        String rest = sql.substring(from);
        if (model % 10 == 1) {
            return "with parents as (\n{{ bench_utils.union_relations([" + firstRef.substring(3, firstRef.length() - 3)
                    + "]) }}\n),\nstarred as (select {{ bench_utils.star("
                    + firstRef.substring(3, firstRef.length() - 3)
                    + ", except=['amount']) }} from " + firstRef + ")\n" + select + calls + rest;
        }
        return select + calls + rest;
    }
}
