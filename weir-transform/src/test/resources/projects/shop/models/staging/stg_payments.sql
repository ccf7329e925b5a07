{{ config(materialized='ephemeral') }}
select
    id as payment_id,
    order_id,
    method,
    {{ cents_to_amount('amount_cents') }} as amount
from {{ source('landing', 'payments') }}
