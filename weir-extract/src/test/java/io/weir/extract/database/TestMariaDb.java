package io.weir.extract.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The MariaDB server tests read from: {@code WEIR_TEST_MARIADB_URL}, by default root on 127.0.0.1:3306. Tests skip
 * without it, except when {@code CI=true}, where they must run.
 */
final class TestMariaDb {
    static final String URL_VARIABLE = "WEIR_TEST_MARIADB_URL";
    static final String DEFAULT_URL = "jdbc:mariadb://127.0.0.1:3306/test?user=root";

    private static Boolean reachable;

    private TestMariaDb() {}

    static String url() {
        String url = System.getenv(URL_VARIABLE);
        return url == null || url.isBlank() ? DEFAULT_URL : url;
    }

    static synchronized boolean available() {
        if (reachable == null) {
            try (Connection connection = DriverManager.getConnection(url())) {
                reachable = connection.isValid(5);
            } catch (SQLException e) {
                reachable = false;
            }
        }
        if (!reachable && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("CI=true but the MariaDB server at " + url() + " (" + URL_VARIABLE
                    + ") is unreachable; start it or point " + URL_VARIABLE + " at one.");
        }
        return reachable;
    }
}
