-- depends_on: {{ ref('raw_orders') }} (the seed stands in for the extract that lands this table)
select
    id as order_id,
    customer_id,
    ordered_at,
    status,
    amount
from {{ source('shop', 'orders') }}
