-- payments is landed as a full copy each run (SCD): the newest copy is the current table
select
    id as payment_id,
    order_id,
    method,
    amount_cents / 100.0 as amount
from {{ source('shop', 'payments') }}
where _uploaded_at = (select max(_uploaded_at) from {{ source('shop', 'payments') }})
