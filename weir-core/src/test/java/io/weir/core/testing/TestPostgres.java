package io.weir.core.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The PostgreSQL server tests use: {@code WEIR_TEST_PG_URL}, by default the local {@code test} database. Tests that
 * need it skip without it, except when {@code CI=true}, where they must run.
 */
public final class TestPostgres {
    public static final String URL_VARIABLE = "WEIR_TEST_PG_URL";
    public static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    private static Boolean reachable;

    private TestPostgres() {}

    public static String url() {
        String url = System.getenv(URL_VARIABLE);
        return url == null || url.isBlank() ? DEFAULT_URL : url;
    }

    /**
     * Whether the server answers. When {@code CI=true} an unreachable server fails the test instead, so PostgreSQL
     * tests cannot silently skip in CI.
     */
    public static synchronized boolean available() {
        if (reachable == null) {
            try (Connection connection = DriverManager.getConnection(url())) {
                reachable = connection.isValid(5);
            } catch (SQLException e) {
                reachable = false;
            }
        }
        if (!reachable && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("CI=true but the PostgreSQL server at " + url() + " (" + URL_VARIABLE
                    + ") is unreachable; start it or point " + URL_VARIABLE + " at one.");
        }
        return reachable;
    }
}
