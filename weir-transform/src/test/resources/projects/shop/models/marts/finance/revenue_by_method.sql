{%- set methods_query -%}
select distinct method from {{ source('landing', 'payments') }} order by 1
{%- endset -%}
{%- set results = run_query(methods_query) -%}
{%- if execute -%}{%- set methods = results.columns[0].values() -%}{%- else -%}{%- set methods = [] -%}{%- endif %}
select
    {% for method in methods -%}
    sum(case when method = '{{ method }}' then amount else 0 end) as {{ method }}_amount,
    {% endfor -%}
    sum(amount) as total_amount
from {{ ref('stg_payments') }}
