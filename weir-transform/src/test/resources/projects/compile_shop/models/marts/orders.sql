{{ config(materialized='incremental', unique_key='id', alias='fct_orders') }}
with enriched as (
    select o.id, o.amount, c.name
    from {{ ref('stg_orders') }} o
    join {{ ref('stg_customers') }} c on c.id = o.customer_id
)
select * from enriched
