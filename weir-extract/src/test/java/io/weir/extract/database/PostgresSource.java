package io.weir.extract.database;

import io.weir.warehouse.testing.TestWarehouses;
import java.util.Map;
import java.util.Properties;

/** The manifest variables that reach the test PostgreSQL server ({@code WEIR_TEST_PG_URL}). */
final class PostgresSource {
    private PostgresSource() {}

    /** {@code <prefix>_USER}, {@code _HOST}, {@code _PORT} and {@code _DB} (and {@code _PASS} when the URL has one). */
    static Map<String, String> variables(String prefix) {
        Properties properties = org.postgresql.Driver.parseURL(TestWarehouses.postgresUrl(), null);
        Map<String, String> variables = new java.util.HashMap<>(Map.of(
                prefix + "_USER", properties.getProperty("user", "postgres"),
                prefix + "_HOST", properties.getProperty("PGHOST"),
                prefix + "_PORT", properties.getProperty("PGPORT"),
                prefix + "_DB", properties.getProperty("PGDBNAME")));
        if (properties.getProperty("password") != null) {
            variables.put(prefix + "_PASS", properties.getProperty("password"));
        }
        return variables;
    }
}
