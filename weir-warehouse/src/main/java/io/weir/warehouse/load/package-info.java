/**
 * The loading path every extract shares: rows streamed into RAW tables (DuckDB's appender, PostgreSQL's COPY), in
 * append, replace or merge mode, with schema evolution and the {@code _uploaded_at} and {@code _weir_run_id} columns.
 */
package io.weir.warehouse.load;
