package io.weir.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogicalDatabasesTest {
    private static final WarehouseTarget POSTGRES = new WarehouseTarget(
            "sysadmin",
            WarehouseType.POSTGRES,
            "jdbc:postgresql://127.0.0.1:5432/warehouse",
            "weir",
            null,
            "warehouse",
            "analytics",
            1,
            Map.of());

    @Test
    void onPostgresRawAndAnalyticsNamesAreSchemasOfTheOneDatabase() {
        assertThat(resolve("select * from raw.tap_postgres.orders o join analytics.analytics.customers c on true"))
                .isEqualTo("select * from tap_postgres.orders o join analytics.customers c on true");
        assertThat(resolve("SELECT count(*) FROM RAW.tap_postgres.orders, \"raw\".\"tap_postgres\".\"Items\""))
                .isEqualTo("SELECT count(*) FROM tap_postgres.orders, \"tap_postgres\".\"Items\"");
        assertThat(resolve("insert into raw.snapshots.t select 1")).isEqualTo("insert into snapshots.t select 1");
    }

    @Test
    void namesOfTwoPartsOrInsideTextAndCommentsStayAsWritten() {
        String sql = "select raw.id, x.raw.a.b, 'raw.a.b', E'it\\'s raw.a.b', $q$raw.a.b$q$, \"Raw\".a.b"
                + " from raw.orders -- raw.a.b\n /* raw.a.b /* nested */ raw.a.b */ where $1 = 'it''s'";

        assertThat(resolve(sql)).isEqualTo(sql);
    }

    @Test
    void theEmbeddedWarehouseHasRealDatabasesAndKeepsTheNames() {
        WarehouseTarget duckdb = WarehouseTarget.duckdb(
                "sysadmin", Path.of("analytics.duckdb"), "analytics", 1, Map.of("raw", Path.of("raw.duckdb")));

        assertThat(LogicalDatabases.resolve(duckdb, "select * from raw.tap_postgres.orders"))
                .isEqualTo("select * from raw.tap_postgres.orders");
    }

    private static String resolve(String sql) {
        return LogicalDatabases.resolve(POSTGRES, sql);
    }
}
