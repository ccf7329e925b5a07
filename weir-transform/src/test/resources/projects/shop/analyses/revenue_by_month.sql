select date_trunc('month', ordered_at) as month, sum(amount) as revenue
from {{ ref('orders') }}
group by 1
