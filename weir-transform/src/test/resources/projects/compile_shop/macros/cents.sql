{% macro cents(column) -%}
  ({{ column }} * 100)::bigint
{%- endmacro %}

{% macro column_list(names) %}
  {{ return(names | join(', ')) }}
{% endmacro %}
