/**
 * Compiling a loaded project's nodes to SQL: each node's Jinja rendered with its refs resolved to relations, the
 * SQL of ephemeral models injected as CTEs, and generic tests turned into queries returning their failing rows.
 */
package io.weir.transform.compile;
