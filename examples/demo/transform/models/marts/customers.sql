select
    c.customer_id,
    c.full_name,
    c.country,
    count(o.order_id) as orders,
    coalesce(sum(p.amount), 0) as lifetime_value
from {{ ref('stg_customers') }} c
left join {{ ref('stg_orders') }} o on o.customer_id = c.customer_id
left join {{ ref('stg_payments') }} p on p.order_id = o.order_id
group by 1, 2, 3
