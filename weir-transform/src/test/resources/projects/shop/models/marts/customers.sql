{{ config(alias='dim_customers') }}
{% set vip_label = "'vip'" %}
select
    c.customer_id,
    c.first_name || ' ' || c.last_name as full_name,
    case when c.is_vip then {{ vip_label }} else 'regular' end as segment,
    count(o.order_id) as order_count,
    coalesce(sum(p.paid), 0) as lifetime_value
from {{ ref('stg_customers') }} c
left join {{ ref('stg_orders') }} o on o.customer_id = c.customer_id
left join {{ ref('order_payments') }} p on p.order_id = o.order_id
group by 1, 2, 3
