select customer_id, {{ cents('total') }} as total_cents from {{ ref('order_totals') }}
