package io.weir.transform.materialize;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.weir.warehouse.Relation;
import io.weir.warehouse.Warehouse;
import io.weir.warehouse.WarehouseSession;
import io.weir.warehouse.WarehouseTarget;
import io.weir.warehouse.WarehouseType;
import io.weir.warehouse.testing.TestWarehouses;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A warehouse, a session and a materializer for each test; subclasses say which warehouse. */
abstract class WarehouseContract {
    @TempDir
    Path dir;

    Warehouse warehouse;
    WarehouseSession session;
    Materializer materializer;

    private String postgresSchema;

    /** The target to test against; its schema is where the test's relations go. */
    abstract WarehouseTarget target(Path dir);

    /**
     * A PostgreSQL target on a schema of this test's own, dropped with the schemas derived from it after the test;
     * without PostgreSQL the test is skipped (never under CI=true, where {@link TestWarehouses} requires it).
     */
    WarehouseTarget postgres() {
        assumeTrue(TestWarehouses.postgresAvailable());
        postgresSchema = TestWarehouses.uniqueSchema();
        return TestWarehouses.postgres(postgresSchema);
    }

    @BeforeEach
    void openWarehouse() {
        warehouse = Warehouse.open(target(dir));
        session = warehouse.session();
        materializer = new Materializer(session);
        session.createSchemaIfMissing(null, schema());
    }

    @AfterEach
    void closeWarehouse() {
        if (session != null) {
            session.close();
            warehouse.close();
        }
        if (postgresSchema != null) {
            TestWarehouses.dropPostgresSchemas(postgresSchema);
        }
    }

    boolean isPostgres() {
        return warehouse.target().type() == WarehouseType.POSTGRES;
    }

    String schema() {
        return warehouse.target().schema();
    }

    /** A relation in the test's schema, in the target's database. */
    Relation relation(String identifier) {
        return new Relation(warehouse.target().database(), schema(), identifier);
    }

    /** {@code name} in the test's schema, rendered for SQL. */
    String sql(String identifier) {
        return relation(identifier).render(session.dialect());
    }

    /** Each row of the query as its values' text joined by {@code |}. */
    List<String> rows(String query) {
        return session.query(query).rows().stream()
                .map(row -> row.stream().map(String::valueOf).collect(Collectors.joining("|")))
                .toList();
    }

    /** The relations in the test's schema. */
    List<String> relationsInSchema() {
        return rows("select table_name from information_schema.tables where table_schema = '" + schema()
                + "' order by table_name");
    }
}
