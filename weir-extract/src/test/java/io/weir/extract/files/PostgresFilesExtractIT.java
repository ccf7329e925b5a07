package io.weir.extract.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.weir.extract.testing.TaskTry;
import io.weir.warehouse.QueryResult;
import io.weir.warehouse.Warehouse;
import io.weir.warehouse.WarehouseSession;
import io.weir.warehouse.testing.TestWarehouses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** extract.files into PostgreSQL RAW, each test in its own schema {@code weir_extf_<random>}. */
class PostgresFilesExtractIT extends FilesExtractContract {
    private final String schema =
            "weir_extf_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);

    @Override
    void prepare(Path project) throws Exception {
        assumeTrue(TestWarehouses.postgresAvailable(), "no PostgreSQL at " + TestWarehouses.postgresUrl());
        Files.writeString(project.resolve("weir.yaml"), "warehouse:\n  type: postgres\n");
    }

    @Override
    void cleanUp() {
        TestWarehouses.dropPostgresSchemas(schema);
    }

    @Override
    Map<String, String> environment() {
        return Map.of("WEIR_WAREHOUSE_LOAD_URL", TestWarehouses.postgresUrl());
    }

    @Override
    String schema() {
        return schema;
    }

    @Override
    String raw(String table) {
        return schema + "." + table;
    }

    @Override
    QueryResult query(String sql) {
        try (Warehouse warehouse = Warehouse.open(TestWarehouses.postgres("public"));
                WarehouseSession session = warehouse.session()) {
            return session.query(sql);
        }
    }

    @Override
    void execute(String sql) {
        try (Warehouse warehouse = Warehouse.open(TestWarehouses.postgres("public"));
                WarehouseSession session = warehouse.session()) {
            session.execute(sql);
        }
    }

    @Test
    void anIngestRunAltersItsTableInOneStatementAFileNotEight() throws Exception {
        // An event trigger counts the ALTER TABLE statements; it lives in a database of this test's own.
        String database = schema + "_ddl";
        String url = TestWarehouses.postgresUrl().replace("/test?", "/" + database + "?");
        try (Connection server = DriverManager.getConnection(TestWarehouses.postgresUrl());
                Statement statement = server.createStatement()) {
            statement.execute("create database " + database);
        }
        try {
            try (Connection connection = DriverManager.getConnection(url);
                    Statement statement = connection.createStatement()) {
                statement.execute("create table ddl_seen (tag text, object text)");
                statement.execute("create function note_ddl() returns event_trigger language plpgsql as $$ begin"
                        + " insert into ddl_seen select command_tag, object_identity"
                        + " from pg_event_trigger_ddl_commands(); end $$");
                statement.execute("create event trigger note_ddl on ddl_command_end execute function note_ddl()");
            }
            String listing = "files:\n  - {name: events, path: extract/data/events, mode: ingest}\n";
            write("events/a.csv", "id,kind\n1,click\n");
            run(context(listing, url));
            for (int day = 2; day <= 7; day++) {
                write("events/" + day + ".csv", "id,kind\n" + day + ",view\n");
            }
            try (Connection connection = DriverManager.getConnection(url);
                    Statement statement = connection.createStatement()) {
                statement.execute("truncate ddl_seen");
            }

            run(context(listing, url));

            try (Connection connection = DriverManager.getConnection(url);
                    Statement statement = connection.createStatement();
                    ResultSet results = statement.executeQuery("select count(*) from ddl_seen where tag = 'ALTER TABLE'"
                            + " and object like '" + schema + ".events%'")) {
                results.next();
                // The run's first file goes through the loader (set and drop); each of the other five sets the
                // defaults in one statement, and the run drops them once.
                assertThat(results.getLong(1)).isEqualTo(2 + 5 + 1);
            }
            try (Connection connection = DriverManager.getConnection(url);
                    Statement statement = connection.createStatement();
                    ResultSet results = statement.executeQuery("select count(*), count(_uploaded_at),"
                            + " count(_source_file), count(_updated_at), count(_weir_run_id),"
                            + " count(distinct _source_file) from " + schema + ".events")) {
                results.next();
                for (int column = 1; column <= 5; column++) {
                    assertThat(results.getLong(column)).isEqualTo(7);
                }
                assertThat(results.getLong(6)).isEqualTo(7);
            }
        } finally {
            try (Connection server = DriverManager.getConnection(TestWarehouses.postgresUrl());
                    Statement statement = server.createStatement()) {
                statement.execute("drop database if exists " + database + " with (force)");
            }
        }
    }

    private TaskTry context(String listing, String url) {
        return context(listing, Map.of("WEIR_WAREHOUSE_LOAD_URL", url));
    }
}
