package io.weir.cli.remote;

/**
 * A command that opens the project's embedded warehouse. While a {@code weir standalone} or {@code weir scheduler}
 * owns the warehouse, the command runs in that process instead (DuckDB allows one writing process per file).
 */
public interface WarehouseCommand {}
