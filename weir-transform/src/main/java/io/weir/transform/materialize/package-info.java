/**
 * Building nodes in the warehouse: views, tables and incremental models swapped in atomically, seeds loaded in bulk,
 * snapshots keeping history, and data tests counting their failing rows, alike on DuckDB and PostgreSQL.
 */
package io.weir.transform.materialize;
