{{ config(alias='orders_named') }}
select * from {{ ref('stg_orders') }}
