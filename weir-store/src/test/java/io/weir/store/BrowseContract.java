package io.weir.store;

import static io.weir.store.MetadataStoreContract.run;
import static io.weir.store.MetadataStoreContract.ti;
import static org.assertj.core.api.Assertions.assertThat;

import io.weir.core.state.DagRunState;
import io.weir.core.state.RunType;
import io.weir.core.state.TaskState;
import io.weir.store.BrowseRepository.BrowsedTaskInstance;
import io.weir.store.BrowseRepository.Filter;
import io.weir.store.BrowseRepository.Sort;
import io.weir.store.testing.TestStores;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The Browse pages' queries and deleting one run, on every backend. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BrowseContract {
    private static final Instant DAY = Instant.parse("2024-03-01T00:00:00Z");

    private MetadataStore store;

    protected abstract MetadataStore createStore();

    @BeforeEach
    void fill() {
        if (store == null) {
            store = createStore();
        }
        TestStores.reset(store);
        store.useTransaction(session -> {
            for (int day = 0; day < 5; day++) {
                Instant date = DAY.plus(Duration.ofDays(day));
                RunType type = day == 4 ? RunType.MANUAL : RunType.SCHEDULED;
                DagRunState state = day == 2 ? DagRunState.FAILED : DagRunState.SUCCESS;
                DagRunRecord run = session.runs().create(run("daily", date, type, state));
                session.taskInstances()
                        .insertAll(List.of(
                                ti("daily", run.runId(), "extract", TaskState.SUCCESS),
                                ti("daily", run.runId(), "load", day == 2 ? TaskState.FAILED : TaskState.SUCCESS)));
            }
            DagRunRecord other = session.runs().create(run("other", DAY, RunType.MANUAL, DagRunState.RUNNING));
            session.taskInstances().insertAll(List.of(ti("other", other.runId(), "only", TaskState.RUNNING)));
        });
    }

    @AfterAll
    void close() {
        if (store != null) {
            store.close();
        }
    }

    private List<DagRunRecord> runs(Filter filter, Sort sort, int limit, int offset) {
        return store.inTransaction(session -> session.browse().runs(filter, sort, limit, offset));
    }

    @Test
    void runsAreFilteredByDagStateTypeAndDateRangeSortedAndPaged() {
        assertThat((int) store.inTransaction(session -> session.browse().countRuns(Filter.ALL)))
                .isEqualTo(6);
        Filter range =
                new Filter("daily", null, null, null, DAY.plus(Duration.ofDays(1)), DAY.plus(Duration.ofDays(3)));
        assertThat(runs(range, new Sort("logical_date", false), 10, 0))
                .extracting(DagRunRecord::logicalDate)
                .containsExactly(
                        DAY.plus(Duration.ofDays(1)), DAY.plus(Duration.ofDays(2)), DAY.plus(Duration.ofDays(3)));
        assertThat(runs(new Filter(null, DagRunState.FAILED, null, null, null, null), Sort.NEWEST_FIRST, 10, 0))
                .extracting(DagRunRecord::runId)
                .containsExactly("scheduled__2024-03-03T00:00:00+00:00");
        assertThat(runs(new Filter(null, null, null, RunType.MANUAL, null, null), new Sort("dag_id", false), 10, 0))
                .extracting(DagRunRecord::dagId)
                .containsExactly("daily", "other");
        // Pages of two, newest first, neither repeat nor skip a run.
        List<DagRunRecord> first = runs(new Filter("daily", null, null, null, null, null), Sort.NEWEST_FIRST, 2, 0);
        List<DagRunRecord> second = runs(new Filter("daily", null, null, null, null, null), Sort.NEWEST_FIRST, 2, 2);
        assertThat(first)
                .extracting(DagRunRecord::logicalDate)
                .containsExactly(DAY.plus(Duration.ofDays(4)), DAY.plus(Duration.ofDays(3)));
        assertThat(second)
                .extracting(DagRunRecord::logicalDate)
                .containsExactly(DAY.plus(Duration.ofDays(2)), DAY.plus(Duration.ofDays(1)));
        // A sort column that is not on the list falls back to the logical date, never into the SQL.
        assertThat(runs(Filter.ALL, new Sort("logical_date; DROP TABLE dag_run", true), 1, 0))
                .hasSize(1);
    }

    @Test
    void taskInstancesCarryTheirRunsLogicalDateAndFilterByTaskState() {
        Filter failed = new Filter("daily", null, TaskState.FAILED, null, null, null);
        List<BrowsedTaskInstance> rows =
                store.inTransaction(session -> session.browse().taskInstances(failed, Sort.NEWEST_FIRST, 10, 0));
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).instance().taskId()).isEqualTo("load");
        assertThat(rows.get(0).logicalDate()).isEqualTo(DAY.plus(Duration.ofDays(2)));
        Filter range = new Filter(
                "daily", null, null, RunType.SCHEDULED, DAY.plus(Duration.ofDays(3)), DAY.plus(Duration.ofDays(9)));
        assertThat((int) store.inTransaction(session -> session.browse().countTaskInstances(range)))
                .as("day 3 only: day 4 is manual")
                .isEqualTo(2);
        List<BrowsedTaskInstance> byTask = store.inTransaction(
                session -> session.browse().taskInstances(Filter.ALL, new Sort("task_id", false), 3, 0));
        assertThat(byTask).extracting(row -> row.instance().taskId()).containsExactly("extract", "extract", "extract");
    }

    @Test
    void deletingARunRemovesItsTaskInstancesAndXComsOnly() {
        String runId = "scheduled__2024-03-02T00:00:00+00:00";
        store.useTransaction(
                session -> session.xcoms().put(new XComRecord("daily", runId, "extract", "return_value", "1", DAY)));
        assertThat((boolean) store.inTransaction(session -> session.runs().delete("daily", runId)))
                .isTrue();
        Optional<DagRunRecord> gone =
                store.inTransaction(session -> session.runs().find("daily", runId));
        List<TaskInstanceRecord> instances =
                store.inTransaction(session -> session.taskInstances().forRun("daily", runId));
        List<XComRecord> xcoms = store.inTransaction(session -> session.xcoms().forTask("daily", runId, "extract"));
        assertThat(gone).isEmpty();
        assertThat(instances).isEmpty();
        assertThat(xcoms).isEmpty();
        assertThat((int) store.inTransaction(session -> session.browse().countRuns(Filter.ALL)))
                .isEqualTo(5);
        assertThat((boolean) store.inTransaction(session -> session.runs().delete("daily", runId)))
                .isFalse();
    }
}
