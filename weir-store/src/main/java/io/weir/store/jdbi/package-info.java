/**
 * The repositories on JDBI: one SQL text for H2 and PostgreSQL, bound to the handle of one transaction. Hot paths
 * (task instances) write in prepared batches; schedulers claim runs with {@code FOR UPDATE SKIP LOCKED}.
 */
package io.weir.store.jdbi;
