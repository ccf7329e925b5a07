{{ config(materialized='incremental', unique_key='order_id', incremental_strategy='merge', on_schema_change='append_new_columns') }}
select
    o.order_id,
    o.customer_id,
    o.ordered_at,
    o.status,
    o.amount,
    '{{ var("currency") }}' as currency
from {{ ref('stg_orders') }} o
{% if is_incremental() %}
where o.ordered_at >= (select max(ordered_at) from {{ this }})
   or o.order_id not in (select order_id from {{ this }})
{% endif %}
