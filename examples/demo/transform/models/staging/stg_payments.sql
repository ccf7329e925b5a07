-- depends_on: {{ ref('raw_payments') }} (the seed stands in for the extract that lands this table)
select
    id as payment_id,
    order_id,
    method,
    amount_cents / 100.0 as amount
from {{ source('shop', 'payments') }}
