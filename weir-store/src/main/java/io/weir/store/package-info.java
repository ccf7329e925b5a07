/**
 * Weir's metadata database: Flyway migrations and JDBI repositories, one code path for embedded H2 and PostgreSQL.
 * The database is the only source of truth; in-process signals only wake loops early.
 */
package io.weir.store;
