{{ config(tags=['payments']) }}
select order_id, amount from {{ source('raw', 'payments') }}
where amount >= {{ var('min_amount') }}
