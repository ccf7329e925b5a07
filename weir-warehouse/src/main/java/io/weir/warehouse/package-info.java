/**
 * Warehouse connections: the embedded DuckDB warehouse and PostgreSQL, relations named {@code database.schema.table},
 * and the credential flavors (LOAD, TRANSFORM, TEST, PERMISSION, SYSADMIN) each kind of task connects with.
 */
package io.weir.warehouse;
