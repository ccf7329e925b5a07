select
    id as customer_id,
    first_name,
    last_name,
    email,
    signed_up_at,
    coalesce(is_vip, false) as is_vip
from {{ source('landing', 'customers') }}
