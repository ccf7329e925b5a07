select
    id as order_id,
    customer_id,
    ordered_at,
    status,
    amount
from {{ source('landing', 'orders') }}
where amount >= {{ var('min_order_amount') }}
