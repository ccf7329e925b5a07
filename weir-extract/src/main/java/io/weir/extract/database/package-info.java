/**
 * {@code extract.database}: the Postgres-pipeline manifests data teams keep, read unmodified; each table's query runs
 * on PostgreSQL, MariaDB or SQLite and its rows are merged, appended or replaced in {@code raw.<schema>.<table>}.
 */
package io.weir.extract.database;
