{{ config(materialized='incremental', unique_key='order_id') }}
select
    o.order_id,
    o.customer_id,
    o.ordered_at,
    o.status,
    o.amount,
    coalesce(sum(p.amount), 0) as paid
from {{ ref('stg_orders') }} o
left join {{ ref('stg_payments') }} p on p.order_id = o.order_id
{% if is_incremental() %}
where o.ordered_at >= (select max(ordered_at) from {{ this }})
{% endif %}
group by 1, 2, 3, 4, 5
