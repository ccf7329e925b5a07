{% snapshot orders_status_snapshot %}
{{ config(unique_key='id', strategy='check', check_cols=['status']) }}
select id, status from {{ source('landing', 'orders') }}
{% endsnapshot %}
