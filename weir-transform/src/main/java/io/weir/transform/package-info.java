/**
 * The dbt-compatible project runner: reads an unmodified dbt project, compiles its Jinja, and builds seeds, models,
 * snapshots and tests on the warehouse in dependency order.
 */
package io.weir.transform;
