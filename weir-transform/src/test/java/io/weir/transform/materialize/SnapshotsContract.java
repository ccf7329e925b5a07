package io.weir.transform.materialize;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.transform.run.NodeOutcome;
import io.weir.transform.run.NodeStatus;
import io.weir.warehouse.Column;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Snapshots keeping the history of a source table across runs, on each warehouse. */
abstract class SnapshotsContract extends WarehouseContract {
    private static final Map<String, Object> TIMESTAMP = Map.of(
            "strategy", "timestamp", "unique_key", "id", "updated_at", "updated_at", "invalidate_hard_deletes", true);
    private static final Map<String, Object> CHECK = Map.of(
            "strategy", "check", "unique_key", "id", "check_cols", List.of("name"), "hard_deletes", "invalidate");

    @BeforeEach
    void createSource() {
        session.execute("create table " + sql("people") + " (id integer, name text, team text, updated_at timestamp)");
    }

    private NodeOutcome snapshot(Map<String, Object> config) {
        return snapshot(config, "select * from " + sql("people"));
    }

    private NodeOutcome snapshot(Map<String, Object> config, String select) {
        return materializer.snapshot(TestNodes.snapshot(relation("people_snapshot"), config), select);
    }

    private void source(String statement) {
        session.execute(statement.replace("people", sql("people")));
    }

    private List<String> history() {
        return rows("select id, name, cast(dbt_valid_from as varchar), cast(dbt_valid_to as varchar) from "
                + sql("people_snapshot") + " order by id, dbt_valid_from");
    }

    @Test
    void timestampStrategyKeepsEveryVersionAndClosesDeletedRows() {
        source("insert into people values (1, 'ada', 'a', '2024-01-01'), (2, 'grace', 'a', '2024-01-01'),"
                + " (3, 'alan', 'b', '2024-01-01')");
        NodeOutcome first = snapshot(TIMESTAMP);

        source("update people set name = 'grace h', updated_at = '2024-02-01' where id = 2");
        source("update people set name = 'ada unseen' where id = 1");
        source("insert into people values (4, 'edsger', 'b', '2024-02-01')");
        NodeOutcome second = snapshot(TIMESTAMP);

        source("delete from people where id = 3");
        source("update people set name = 'ada l', updated_at = '2024-03-01' where id = 1");
        LocalDateTime before = nowUtc();
        NodeOutcome third = snapshot(TIMESTAMP);
        LocalDateTime after = nowUtc();

        assertThat(first.message()).isEqualTo(isPostgres() ? "SELECT 3" : "OK");
        assertThat(second.status()).isEqualTo(NodeStatus.SUCCESS);
        assertThat(second.message()).isEqualTo(isPostgres() ? "INSERT 0 2" : "OK");
        assertThat(third.rowsAffected()).isEqualTo(1);
        List<String> history = history();
        assertThat(history)
                .hasSize(6)
                .startsWith(
                        "1|ada|2024-01-01 00:00:00|2024-03-01 00:00:00",
                        "1|ada l|2024-03-01 00:00:00|null",
                        "2|grace|2024-01-01 00:00:00|2024-02-01 00:00:00",
                        "2|grace h|2024-02-01 00:00:00|null")
                .endsWith("4|edsger|2024-02-01 00:00:00|null");
        assertThat(history.get(4)).startsWith("3|alan|2024-01-01 00:00:00|");
        assertThat(timestamp(history.get(4).split("\\|")[3])).isBetween(before, after);
        assertThat(rows("select dbt_scd_id = md5('2|2024-02-01 00:00:00'), cast(dbt_updated_at as varchar) from "
                        + sql("people_snapshot") + " where name = 'grace h'"))
                .containsExactly("true|2024-02-01 00:00:00");
    }

    @Test
    void checkStrategyVersionsOnlyTheCheckedColumns() {
        source("insert into people values (1, 'ada', 'a', null), (2, 'grace', 'a', null)");
        snapshot(CHECK);

        source("update people set name = 'ada l' where id = 1");
        source("update people set team = 'z' where id = 2");
        NodeOutcome second = snapshot(CHECK);

        source("delete from people where id = 2");
        NodeOutcome third = snapshot(CHECK);

        assertThat(second.rowsAffected()).isEqualTo(1);
        assertThat(third.rowsAffected()).isZero();
        List<String> history = history();
        assertThat(history).hasSize(3);
        String[] ada = history.get(0).split("\\|");
        String[] adaNow = history.get(1).split("\\|");
        String[] grace = history.get(2).split("\\|");
        assertThat(ada[1]).isEqualTo("ada");
        assertThat(adaNow[1]).isEqualTo("ada l");
        assertThat(adaNow[3]).isEqualTo("null");
        assertThat(ada[3]).isEqualTo(adaNow[2]);
        assertThat(timestamp(ada[2])).isBefore(timestamp(adaNow[2]));
        assertThat(grace[1]).isEqualTo("grace");
        assertThat(timestamp(grace[3])).isAfter(timestamp(adaNow[2]));
        assertThat(rows("select count(*) from " + sql("people_snapshot") + " where dbt_updated_at = dbt_valid_from"))
                .containsExactly("3");
    }

    @Test
    void vanishedRowsStayOpenWithoutHardDeleteInvalidation() {
        Map<String, Object> config = Map.of("strategy", "timestamp", "unique_key", "id", "updated_at", "updated_at");
        source("insert into people values (1, 'ada', 'a', '2024-01-01'), (2, 'grace', 'a', '2024-01-01')");
        snapshot(config);
        source("delete from people where id = 2");
        snapshot(config);

        assertThat(history()).containsExactly("1|ada|2024-01-01 00:00:00|null", "2|grace|2024-01-01 00:00:00|null");
    }

    @Test
    void newSourceColumnsAreAddedToTheSnapshot() {
        source("insert into people values (1, 'ada', 'a', '2024-01-01'), (2, 'grace', 'a', '2024-01-01')");
        snapshot(TIMESTAMP);
        String withEmail = "select *, name || '@example.com' as email from " + sql("people");
        snapshot(TIMESTAMP, withEmail);
        source("update people set updated_at = '2024-05-01' where id = 1");
        snapshot(TIMESTAMP, withEmail);

        assertThat(session.columns(relation("people_snapshot")))
                .extracting(Column::name)
                .containsExactly(
                        "id",
                        "name",
                        "team",
                        "updated_at",
                        "dbt_scd_id",
                        "dbt_updated_at",
                        "dbt_valid_from",
                        "dbt_valid_to",
                        "email");
        assertThat(rows("select id, email, cast(dbt_valid_to as varchar) from " + sql("people_snapshot")
                        + " order by id, dbt_valid_from"))
                .containsExactly("1|null|2024-05-01 00:00:00", "1|ada@example.com|null", "2|null|null");
    }

    @Test
    void aCompoundKeyIdentifiesRows() {
        Map<String, Object> config =
                Map.of("strategy", "timestamp", "unique_key", List.of("team", "id"), "updated_at", "updated_at");
        source("insert into people values (1, 'ada', 'a', '2024-01-01'), (1, 'grace', 'b', '2024-01-01')");
        snapshot(config);
        source("update people set name = 'grace h', updated_at = '2024-02-01' where team = 'b'");
        snapshot(config);

        assertThat(history())
                .containsExactly(
                        "1|ada|2024-01-01 00:00:00|null",
                        "1|grace|2024-01-01 00:00:00|2024-02-01 00:00:00",
                        "1|grace h|2024-02-01 00:00:00|null");
    }

    @Test
    void missingSettingsAreNamed() {
        NodeOutcome outcome = snapshot(Map.of("strategy", "timestamp", "updated_at", "updated_at"));

        assertThat(outcome.status()).isEqualTo(NodeStatus.ERROR);
        assertThat(outcome.message())
                .isEqualTo("Error in snapshot people_snapshot (snapshots/people_snapshot.sql): a snapshot needs"
                        + " unique_key: the column (or list) identifying a row");
        assertThat(snapshot(Map.of("strategy", "newest", "unique_key", "id")).message())
                .contains("strategy 'newest' is not a snapshot strategy");
    }

    @Test
    void aFailingRunChangesNothing() {
        Map<String, Object> config =
                Map.of("strategy", "check", "unique_key", "id", "check_cols", List.of("no_such_column"));
        source("insert into people values (1, 'ada', 'a', '2024-01-01')");
        snapshot(config);

        NodeOutcome outcome = snapshot(config, "select *, 'x' as email from " + sql("people"));

        assertThat(outcome.status()).isEqualTo(NodeStatus.ERROR);
        assertThat(outcome.message())
                .startsWith("Database error in snapshot people_snapshot (snapshots/people_snapshot.sql): ")
                .contains("no_such_column");
        assertThat(session.columns(relation("people_snapshot")))
                .extracting(Column::name)
                .doesNotContain("email");
        assertThat(rows("select count(*) from " + sql("people_snapshot"))).containsExactly("1");
    }

    private static LocalDateTime nowUtc() {
        return LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    private static LocalDateTime timestamp(String text) {
        return LocalDateTime.parse(text.replace(' ', 'T'));
    }
}
