package io.weir.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.core.schedule.DataInterval;
import io.weir.core.state.DagRunState;
import io.weir.core.state.RunType;
import io.weir.store.testing.TestStores;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The API's listings filtered and paged in SQL, and deleting DAGs and runs, the same on every backend. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ListingContract {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    private MetadataStore store;

    protected abstract MetadataStore createStore();

    private MetadataStore store() {
        if (store == null) {
            store = createStore();
        }
        return store;
    }

    @BeforeEach
    void resetDatabase() {
        TestStores.reset(store());
    }

    @AfterAll
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    private void dag(String dagId, boolean paused, boolean active, String... tags) {
        store().useTransaction(session -> {
            session.dags()
                    .upsert(
                            new DagRecord(
                                    dagId,
                                    "dags/" + dagId + ".yaml",
                                    paused,
                                    true,
                                    null,
                                    "@daily",
                                    List.of(tags),
                                    "f-" + dagId,
                                    T0),
                            paused);
            if (!active) {
                session.dags().deactivateAllExcept(List.of("never"));
            }
        });
    }

    private DagRunRecord run(String dagId, int day, DagRunState state) {
        Instant logicalDate = T0.plus(Duration.ofDays(day));
        DagRunRecord run = new DagRunRecord(
                0,
                dagId,
                RunType.SCHEDULED.runId(logicalDate),
                logicalDate,
                new DataInterval(logicalDate, logicalDate.plus(Duration.ofDays(1))),
                RunType.SCHEDULED,
                state,
                false,
                "{}",
                logicalDate,
                logicalDate.plusSeconds(60),
                state.isFinished() ? logicalDate.plusSeconds(120) : null,
                null);
        return store().inTransaction(session -> session.runs().create(run));
    }

    private static DagQuery dags(Boolean active, Boolean paused, String contains, List<String> tags, int limit) {
        return new DagQuery(active, paused, contains, tags, DagQuery.Order.DAG_ID, false, limit, 0);
    }

    private List<String> ids(DagQuery query) {
        return store().inTransaction(session -> session.dags().list(query)).stream()
                .map(DagRecord::dagId)
                .toList();
    }

    @Test
    void dagsAreFilteredSortedAndPagedByTheDatabase() {
        dag("sales_daily", false, true, "sales", "daily");
        dag("sales_hourly", true, true, "sales");
        dag("ops_100%_done", false, true, "ops");
        dag("opsz100", false, true);

        assertThat(ids(dags(null, null, null, List.of(), 10)))
                .containsExactly("ops_100%_done", "opsz100", "sales_daily", "sales_hourly");
        assertThat(ids(dags(null, true, null, List.of(), 10))).containsExactly("sales_hourly");
        assertThat(ids(dags(null, null, "SALES_", List.of(), 10))).containsExactly("sales_daily", "sales_hourly");
        assertThat(ids(dags(null, null, "_100%", List.of(), 10)))
                .as("% and _ are matched as themselves")
                .containsExactly("ops_100%_done");
        assertThat(ids(dags(null, null, null, List.of("daily", "ops"), 10)))
                .containsExactly("ops_100%_done", "sales_daily");

        DagQuery secondPage = new DagQuery(null, null, null, List.of(), DagQuery.Order.DAG_ID, true, 2, 1);
        List<DagRecord> page = store().inTransaction(session -> session.dags().list(secondPage));
        assertThat(page).extracting(DagRecord::dagId).containsExactly("sales_daily", "opsz100");
        assertThat(page.get(0).tags()).containsExactly("sales", "daily");
        assertThat(this.<Integer>inStore(session -> session.dags().count(secondPage)))
                .isEqualTo(4);

        store().useTransaction(session -> session.dags().deactivateAllExcept(List.of("sales_daily")));
        assertThat(ids(dags(true, null, null, List.of(), 10))).containsExactly("sales_daily");
        assertThat(this.<Integer>inStore(session -> session.dags().count(dags(false, null, null, List.of(), 1))))
                .isEqualTo(3);
    }

    @Test
    void runsAreFilteredSortedAndPagedByTheDatabase() {
        dag("a", false, true);
        dag("b", false, true);
        for (int day = 0; day < 5; day++) {
            run("a", day, day % 2 == 0 ? DagRunState.SUCCESS : DagRunState.FAILED);
        }
        run("b", 2, DagRunState.RUNNING);

        RunQuery newestTwoOfA = new RunQuery(
                List.of("a"), List.of(), null, null, null, null, null, null, RunQuery.Order.LOGICAL_DATE, true, 2, 0);
        assertThat(this.<List<DagRunRecord>>inStore(session -> session.runs().list(newestTwoOfA)))
                .extracting(DagRunRecord::logicalDate)
                .containsExactly(T0.plus(Duration.ofDays(4)), T0.plus(Duration.ofDays(3)));
        assertThat(this.<Integer>inStore(session -> session.runs().count(newestTwoOfA)))
                .isEqualTo(5);

        RunQuery failedOrRunningFromDayTwo = new RunQuery(
                List.of(),
                List.of(DagRunState.FAILED, DagRunState.RUNNING),
                T0.plus(Duration.ofDays(2)),
                null,
                null,
                null,
                null,
                null,
                RunQuery.Order.DAG_ID,
                false,
                10,
                0);
        assertThat(this.<List<DagRunRecord>>inStore(session -> session.runs().list(failedOrRunningFromDayTwo)))
                .extracting(run -> run.dagId() + "@" + run.state().label())
                .containsExactly("a@failed", "b@running");

        RunQuery endedBy = new RunQuery(
                List.of(),
                List.of(),
                null,
                null,
                null,
                null,
                null,
                T0.plus(Duration.ofDays(1)).plusSeconds(120),
                RunQuery.Order.ID,
                false,
                10,
                1);
        assertThat(this.<List<DagRunRecord>>inStore(session -> session.runs().list(endedBy)))
                .as("the second of the two runs that ended by day 1; a run not ended is outside")
                .extracting(DagRunRecord::logicalDate)
                .containsExactly(T0.plus(Duration.ofDays(1)));
    }

    @Test
    void aDagOrARunIsDeletedWithWhatBelongsToIt() {
        dag("a", false, true, "t");
        dag("b", false, true);
        DagRunRecord first = run("a", 0, DagRunState.SUCCESS);
        DagRunRecord second = run("a", 1, DagRunState.SUCCESS);
        DagRunRecord other = run("b", 0, DagRunState.SUCCESS);
        Instant now = T0.plusSeconds(5);
        store().useTransaction(session -> {
            for (DagRunRecord run : List.of(first, second, other)) {
                session.xcoms().put(new XComRecord(run.dagId(), run.runId(), "t1", "return_value", "1", now));
            }
        });
        assertThat(this.<Integer>inStore(session -> session.xcoms().count(null, null, null)))
                .isEqualTo(3);
        assertThat(this.<List<XComRecord>>inStore(session -> session.xcoms().list("a", null, "t1", 1, 1)))
                .extracting(XComRecord::runId)
                .containsExactly(second.runId());

        assertThat(this.<Boolean>inStore(session -> session.runs().delete("a", first.runId())))
                .isTrue();
        assertThat(this.<Boolean>inStore(session -> session.runs().delete("a", first.runId())))
                .isFalse();
        assertThat(this.<Integer>inStore(session -> session.xcoms().count("a", null, null)))
                .isEqualTo(1);

        assertThat(this.<Boolean>inStore(session -> session.dags().delete("a"))).isTrue();
        assertThat(this.<Boolean>inStore(session -> session.dags().delete("a"))).isFalse();
        assertThat(this.<Integer>inStore(session -> session.runs().count("a", null)))
                .isZero();
        assertThat(this.<Integer>inStore(session -> session.xcoms().count("a", null, null)))
                .isZero();
        assertThat(ids(dags(null, null, null, List.of("t"), 10))).isEmpty();
        assertThat(this.<Integer>inStore(session -> session.runs().count("b", null)))
                .as("another DAG keeps its runs")
                .isEqualTo(1);
    }

    private <T> T inStore(java.util.function.Function<MetadataSession, T> work) {
        return store().inTransaction(work::apply);
    }
}
