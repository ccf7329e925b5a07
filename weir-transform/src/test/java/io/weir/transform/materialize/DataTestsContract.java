package io.weir.transform.materialize;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.transform.run.NodeOutcome;
import io.weir.transform.run.NodeStatus;
import io.weir.warehouse.Relation;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Data tests counting failing rows on each warehouse. */
abstract class DataTestsContract extends WarehouseContract {

    @BeforeEach
    void createOrders() {
        session.execute("create table " + sql("orders") + " as select * from (values (1, 'open'), (2, 'shipped'),"
                + " (3, 'lost'), (4, 'lost'), (5, 'stolen')) as orders (id, status)");
    }

    private NodeOutcome test(String sql, Map<String, Object> config) {
        return materializer.test(TestNodes.test("accepted_values_orders_status", config), sql);
    }

    private String badStatuses() {
        return "select * from " + sql("orders") + " where status not in ('open', 'shipped')";
    }

    @Test
    void noFailingRowsPass() {
        NodeOutcome outcome = test("select * from " + sql("orders") + " where id is null", Map.of());

        assertThat(outcome.status()).isEqualTo(NodeStatus.PASS);
        assertThat(outcome.failures()).isZero();
        assertThat(outcome.message()).isNull();
    }

    @Test
    void failingRowsFailAndAreCounted() {
        NodeOutcome outcome = test(badStatuses() + ";\n", Map.of());

        assertThat(outcome.status()).isEqualTo(NodeStatus.FAIL);
        assertThat(outcome.failures()).isEqualTo(3);
        assertThat(outcome.message()).isEqualTo("Got 3 results, configured to fail if != 0");
    }

    @Test
    void severityWarnWarnsInstead() {
        NodeOutcome outcome = test(badStatuses() + " and id = 5", Map.of("severity", "warn"));

        assertThat(outcome.status()).isEqualTo(NodeStatus.WARN);
        assertThat(outcome.failures()).isEqualTo(1);
        assertThat(outcome.message()).isEqualTo("Got 1 result, configured to warn if != 0");
    }

    @Test
    void thresholdsDecideBetweenPassWarnAndFail() {
        Map<String, Object> thresholds = Map.of("warn_if", ">1", "error_if", "> 3");

        assertThat(test(badStatuses() + " and id = 5", thresholds).status()).isEqualTo(NodeStatus.PASS);
        NodeOutcome warned = test(badStatuses(), thresholds);
        assertThat(warned.status()).isEqualTo(NodeStatus.WARN);
        assertThat(warned.message()).isEqualTo("Got 3 results, configured to warn if >1");
        NodeOutcome failed = test("select * from " + sql("orders"), thresholds);
        assertThat(failed.status()).isEqualTo(NodeStatus.FAIL);
        assertThat(failed.message()).isEqualTo("Got 5 results, configured to fail if > 3");
    }

    @Test
    void limitCapsTheCount() {
        NodeOutcome outcome = test(badStatuses(), Map.of("limit", 2));

        assertThat(outcome.failures()).isEqualTo(2);
        assertThat(outcome.status()).isEqualTo(NodeStatus.FAIL);
    }

    @Test
    void failCalcCountsSomethingElse() {
        NodeOutcome outcome = test(
                "select status, count(*) as n from " + sql("orders") + " group by status having count(*) > 1",
                Map.of("fail_calc", "sum(n)"));

        assertThat(outcome.failures()).isEqualTo(2);
    }

    @Test
    void storedFailuresLandInTheAuditSchemaAndAreReplaced() {
        Map<String, Object> config = new HashMap<>(Map.of("store_failures", true));
        test(badStatuses(), config);
        NodeOutcome outcome = test(badStatuses() + " and status = 'lost'", config);

        Relation audit = new Relation(
                warehouse.target().database(), schema() + "_dbt_test__audit", "accepted_values_orders_status");
        assertThat(outcome.failures()).isEqualTo(2);
        assertThat(rows("select id, status from " + audit.render(session.dialect()) + " order by id"))
                .containsExactly("3|lost", "4|lost");
    }

    @Test
    void aBrokenTestIsAnErrorNamingItsFile() {
        NodeOutcome outcome = test("select * from " + sql("no_such_model"), Map.of());

        assertThat(outcome.status()).isEqualTo(NodeStatus.ERROR);
        assertThat(outcome.message())
                .startsWith("Database error in test accepted_values_orders_status"
                        + " (tests/accepted_values_orders_status.sql): ")
                .contains("no_such_model");
    }
}
