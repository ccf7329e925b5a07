{{ config(schema='finance') }}
select customer_id, sum(amount) as total, '{{ var("currency") }}' as currency
from {{ ref('stg_orders') }}
group by 1
