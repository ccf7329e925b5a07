{#- Weir's built-in dbt macros. A project's macro of the same name takes precedence. -#}

{% macro default__generate_schema_name(custom_schema_name, node) -%}
  {%- if custom_schema_name is none or custom_schema_name | trim == '' -%}
    {{ target.schema }}
  {%- else -%}
    {{ target.schema }}_{{ custom_schema_name | trim }}
  {%- endif -%}
{%- endmacro %}

{% macro generate_schema_name(custom_schema_name, node) -%}
  {{ default__generate_schema_name(custom_schema_name, node) }}
{%- endmacro %}

{% macro generate_schema_name_for_env(custom_schema_name, node) -%}
  {%- if target.name == 'prod' and custom_schema_name is not none -%}
    {{ custom_schema_name | trim }}
  {%- else -%}
    {{ target.schema }}
  {%- endif -%}
{%- endmacro %}

{% macro default__generate_alias_name(custom_alias_name, node) -%}
  {%- if custom_alias_name is none or custom_alias_name | trim == '' -%}
    {{ node.name }}
  {%- else -%}
    {{ custom_alias_name | trim }}
  {%- endif -%}
{%- endmacro %}

{% macro generate_alias_name(custom_alias_name, node) -%}
  {{ default__generate_alias_name(custom_alias_name, node) }}
{%- endmacro %}

{% macro default__generate_database_name(custom_database_name, node) -%}
  {%- if custom_database_name is none or custom_database_name | trim == '' -%}
    {{ target.database }}
  {%- else -%}
    {{ custom_database_name | trim }}
  {%- endif -%}
{%- endmacro %}

{% macro generate_database_name(custom_database_name, node) -%}
  {{ default__generate_database_name(custom_database_name, node) }}
{%- endmacro %}

{% macro get_where_subquery(relation) -%}
  {%- set where = config.get('where') -%}
  {%- if where -%}
    {{ return('(select * from ' ~ relation ~ ' where ' ~ where ~ ') dbt_subquery') }}
  {%- else -%}
    {{ return(relation) }}
  {%- endif -%}
{%- endmacro %}

{% macro test_not_null(model, column_name) -%}
select {{ column_name }}
from {{ model }}
where {{ column_name }} is null
{%- endmacro %}

{% macro test_unique(model, column_name) -%}
select
    {{ column_name }} as unique_field,
    count(*) as n_records
from {{ model }}
where {{ column_name }} is not null
group by {{ column_name }}
having count(*) > 1
{%- endmacro %}

{% macro test_accepted_values(model, column_name, values, quote=true) -%}
with observed as (
    select {{ column_name }} as value_field, count(*) as n_records
    from {{ model }}
    group by {{ column_name }}
)
select value_field, n_records
from observed
where value_field not in (
    {%- for value in values -%}
      {%- if quote -%}'{{ value | string | replace("'", "''") }}'{%- else -%}{{ value }}{%- endif -%}
      {%- if not loop.last -%}, {% endif -%}
    {%- endfor -%}
)
{%- endmacro %}

{% macro test_relationships(model, column_name, to, field) -%}
with child as (
    select {{ column_name }} as from_field
    from {{ model }}
    where {{ column_name }} is not null
),
parent as (
    select {{ field }} as to_field
    from {{ to }}
)
select child.from_field
from child
left join parent on child.from_field = parent.to_field
where parent.to_field is null
{%- endmacro %}
