package io.weir.extract.testing;

import io.weir.warehouse.QueryResult;
import io.weir.warehouse.Warehouse;
import io.weir.warehouse.WarehouseSession;
import io.weir.warehouse.WarehouseType;
import io.weir.warehouse.testing.TestWarehouses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The warehouse an extract test of this module loads into: the project's embedded DuckDB, or the test PostgreSQL
 * database through the LOAD flavor's variables, its schemas named {@code weir_exta_<random>...} so that parallel
 * runs never collide.
 */
public record RawWarehouse(WarehouseType type, Path project, String prefix) {

    public static RawWarehouse duckdb(Path project) {
        return new RawWarehouse(WarehouseType.DUCKDB, project, null);
    }

    public static RawWarehouse postgres(Path project) throws Exception {
        Files.writeString(project.resolve("weir.yaml"), "warehouse:\n  type: postgres\n");
        return new RawWarehouse(
                WarehouseType.POSTGRES,
                project,
                "weir_exta_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10));
    }

    /** The variables a task gets: the LOAD flavor's URL on PostgreSQL. */
    public Map<String, String> environment(Map<String, String> extra) {
        Map<String, String> environment = new HashMap<>(extra);
        if (type == WarehouseType.POSTGRES) {
            environment.put("WEIR_WAREHOUSE_LOAD_URL", TestWarehouses.postgresUrl());
        }
        return environment;
    }

    /** The RAW schema for {@code name}: itself on DuckDB, a fresh one on PostgreSQL. */
    public String schema(String name) {
        return prefix == null ? name : prefix + "_" + name;
    }

    /** How a query names a RAW table of {@code schema} (as {@link #schema} gives it). */
    public String raw(String schema, String table) {
        return (type == WarehouseType.DUCKDB ? "raw." : "") + schema + "." + table;
    }

    public QueryResult query(String sql) {
        var target = type == WarehouseType.DUCKDB
                ? TestWarehouses.duckdb(project.resolve(".weir/warehouse"), "analytics")
                : TestWarehouses.postgres("analytics");
        try (Warehouse warehouse = Warehouse.open(target);
                WarehouseSession session = warehouse.session()) {
            return session.query(sql);
        }
    }

    /** The rows of a query as lists of strings, for assertions. */
    public List<List<String>> rows(String sql) {
        return query(sql).rows().stream()
                .map(row -> row.stream().map(String::valueOf).toList())
                .toList();
    }

    public long count(String table) {
        return ((Number) query("select count(*) from " + table).rows().get(0).get(0)).longValue();
    }

    public void drop() {
        if (prefix != null) {
            TestWarehouses.dropPostgresSchemas(prefix);
        }
    }
}
