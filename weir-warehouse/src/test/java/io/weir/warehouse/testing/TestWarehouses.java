package io.weir.warehouse.testing;

import io.weir.core.testing.TestPostgres;
import io.weir.warehouse.WarehouseTarget;
import io.weir.warehouse.WarehouseType;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Warehouses for tests: a DuckDB file in a folder, or the PostgreSQL server named by {@code WEIR_TEST_PG_URL} with
 * a fresh schema prefix whose schemas {@link #dropPostgresSchemas} removes.
 */
public final class TestWarehouses {

    private TestWarehouses() {}

    /** A DuckDB target on {@code dir/analytics.duckdb} with {@code dir/raw.duckdb} attached as {@code raw}. */
    public static WarehouseTarget duckdb(Path dir, String schema) {
        return WarehouseTarget.duckdb(
                "test", dir.resolve("analytics.duckdb"), schema, 1, Map.of("raw", dir.resolve("raw.duckdb")));
    }

    public static String postgresUrl() {
        return TestPostgres.url();
    }

    /** Whether the test PostgreSQL server answers; see {@link TestPostgres#available()}. */
    public static boolean postgresAvailable() {
        return TestPostgres.available();
    }

    /** A new schema name {@code wt_<random>} no other test uses; custom schemas derived from it share the prefix. */
    public static String uniqueSchema() {
        return "wt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** A PostgreSQL target on the test database whose schema is {@code schema}. */
    public static WarehouseTarget postgres(String schema) {
        String database;
        try (Connection connection = DriverManager.getConnection(postgresUrl());
                Statement statement = connection.createStatement();
                ResultSet results = statement.executeQuery("select current_database()")) {
            results.next();
            database = results.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach " + postgresUrl(), e);
        }
        return new WarehouseTarget(
                "test", WarehouseType.POSTGRES, postgresUrl(), null, null, database, schema, 1, Map.of());
    }

    /** Drops every schema whose name starts with {@code prefix}. */
    public static void dropPostgresSchemas(String prefix) {
        try (Connection connection = DriverManager.getConnection(postgresUrl());
                Statement statement = connection.createStatement()) {
            List<String> schemas = new ArrayList<>();
            try (ResultSet results = statement.executeQuery(
                    "select schema_name from information_schema.schemata where schema_name like '"
                            + prefix.replace("'", "''") + "%'")) {
                while (results.next()) {
                    schemas.add(results.getString(1));
                }
            }
            for (String schema : schemas) {
                statement.execute("drop schema \"" + schema + "\" cascade");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop the test schemas " + prefix + "* on " + postgresUrl(), e);
        }
    }
}
