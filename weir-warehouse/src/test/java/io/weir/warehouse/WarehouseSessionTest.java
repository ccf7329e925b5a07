package io.weir.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.warehouse.testing.TestWarehouses;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarehouseSessionTest {
    @TempDir
    Path dir;

    @Test
    void duckdbAddressesAttachedDatabasesByName() {
        try (Warehouse warehouse = Warehouse.open(TestWarehouses.duckdb(dir, "analytics"));
                WarehouseSession session = warehouse.session()) {
            session.createSchemaIfMissing("raw", "sheetload");
            Relation relation = new Relation("raw", "sheetload", "people");
            session.execute("create table " + relation.render(session.dialect()) + " (id integer, name text)");
            assertThat(session.execute(
                            "insert into " + relation.render(session.dialect()) + " values (1, 'ada'), (2, 'grace')"))
                    .isEqualTo(2);

            assertThat(session.relationKind(relation)).contains(RelationKind.TABLE);
            assertThat(session.relationKind(relation.withIdentifier("missing"))).isEmpty();
            assertThat(session.columns(relation)).extracting(Column::name).containsExactly("id", "name");
            assertThat(session.query("select count(*) from raw.sheetload.people")
                            .rows())
                    .containsExactly(java.util.List.of(2L));
        }
    }

    @Test
    void aFailedTransactionLeavesNothingBehind() {
        try (Warehouse warehouse = Warehouse.open(TestWarehouses.duckdb(dir, "analytics"));
                WarehouseSession session = warehouse.session()) {
            session.createSchemaIfMissing("analytics", "analytics");
            assertThatThrownBy(() -> session.inTransaction(s -> {
                        s.execute("create table analytics.analytics.half (id integer)");
                        return s.execute("select * from analytics.analytics.no_such_table");
                    }))
                    .isInstanceOf(WarehouseException.class)
                    .hasMessageContaining("no_such_table");
            assertThat(session.relationKind(new Relation("analytics", "analytics", "half")))
                    .isEmpty();
        }
    }
}
