{% snapshot customers_snapshot %}
-- depends_on: {{ ref('raw_customers') }}
{{ config(unique_key='id', strategy='timestamp', updated_at='updated_at') }}
select * from {{ source('shop', 'customers') }}
{% endsnapshot %}
