package io.weir.store.testing;

import io.weir.core.testing.TestPostgres;
import io.weir.store.MetadataStore;
import io.weir.store.PoolRecord;
import io.weir.store.StoreSettings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/**
 * Metadata stores for tests: an H2 file in a folder, or a fresh schema on the PostgreSQL server named by
 * {@code WEIR_TEST_PG_URL}. Every store returned is migrated.
 */
public final class TestStores {
    /** The variable key of PostgreSQL test stores (hashed into an AES key, as any passphrase is). */
    public static final String TEST_SECRET_KEY = "weir-test-secret";

    private static final String[] TABLES = {
        "xcom",
        "task_instance",
        "dag_run",
        "dag_tag",
        "dag",
        "import_error",
        "variable",
        "job",
        "web_user",
        "audit_log",
        "extract_file"
    };

    private TestStores() {}

    /** A migrated H2 store in {@code dir} laid out as a project's {@code .weir} folder. */
    public static MetadataStore h2(Path dir) {
        MetadataStore store = MetadataStore.open(StoreSettings.forProject(dir, Map.of()));
        store.migrate();
        return store;
    }

    public static String postgresUrl() {
        return TestPostgres.url();
    }

    /** Whether the test PostgreSQL server answers; see {@link TestPostgres#available()}. */
    public static boolean postgresAvailable() {
        return TestPostgres.available();
    }

    /** A migrated store in a new schema {@code weir_it_<random>}, dropped when the store is closed. */
    public static MetadataStore postgres() {
        return postgres("weir_it_");
    }

    /** A migrated store in a new schema {@code <prefix><random>}, dropped when the store is closed. */
    public static MetadataStore postgres(String schemaPrefix) {
        String schema =
                schemaPrefix + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute(postgresUrl(), "CREATE SCHEMA " + schema);
        String url = postgresUrl() + (postgresUrl().contains("?") ? "&" : "?") + "currentSchema=" + schema;
        // Variables are keyed by TEST_SECRET_KEY, so the key file is never created.
        Path keyFile = Path.of(System.getProperty("java.io.tmpdir"), "weir-test-unused-secret.key");
        StoreSettings settings = new StoreSettings(url, null, null, keyFile, TEST_SECRET_KEY);
        MetadataStore store =
                MetadataStore.open(settings, () -> execute(postgresUrl(), "DROP SCHEMA " + schema + " CASCADE"));
        try {
            store.migrate();
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    /** Deletes every row a test may have written and restores {@code default_pool}. */
    public static void reset(MetadataStore store) {
        StoreSettings settings = store.settings();
        try (Connection connection =
                        DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
                Statement statement = connection.createStatement()) {
            for (String table : TABLES) {
                statement.executeUpdate("DELETE FROM " + table);
            }
            statement.executeUpdate("DELETE FROM pool WHERE name <> '" + PoolRecord.DEFAULT_POOL + "'");
            statement.executeUpdate("UPDATE pool SET slots = " + PoolRecord.DEFAULT_SLOTS + " WHERE name = '"
                    + PoolRecord.DEFAULT_POOL + "'");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reset " + store.describe(), e);
        }
    }

    private static void execute(String url, String sql) {
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run '" + sql + "' on " + url, e);
        }
    }
}
