/**
 * The CLI beside a running server: a long-running process owns the project's embedded DuckDB warehouse and runs the
 * commands that touch it on behalf of other {@code weir} processes, over 127.0.0.1 with a token kept owner-only in
 * {@code .weir/warehouse.server}.
 */
package io.weir.cli.remote;
