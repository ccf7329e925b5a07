{% macro cents_to_amount(column_name, scale=2) -%}
    {{ return(adapter.dispatch('cents_to_amount', 'shop')(column_name, scale)) }}
{%- endmacro %}

{% macro default__cents_to_amount(column_name, scale) -%}
    round({{ column_name }} / 100.0, {{ scale }})
{%- endmacro %}

{% macro duckdb__cents_to_amount(column_name, scale) -%}
    round({{ column_name }}::double / 100, {{ scale }})
{%- endmacro %}
