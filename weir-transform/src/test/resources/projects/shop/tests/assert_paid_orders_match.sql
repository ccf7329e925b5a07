-- Every completed order has been paid in full.
select o.order_id
from {{ ref('orders') }} o
left join {{ ref('order_payments') }} p on p.order_id = o.order_id
where o.status = 'completed' and coalesce(p.paid, 0) <> o.amount
