package io.weir.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.store.testing.TestStores;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Users, the audit log and the web pages' overview queries, the same on every backend. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class UsersAndAuditContract {
    private static final Instant T0 = Instant.parse("2024-03-01T12:00:00.123456Z");

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

    private <T> T users(java.util.function.Function<UserRepository, T> work) {
        return store().inTransaction(session -> work.apply(session.users()));
    }

    private <T> T audit(java.util.function.Function<AuditRepository, T> work) {
        return store().inTransaction(session -> work.apply(session.audit()));
    }

    private static UserRecord user(String name, String role) {
        return new UserRecord(name, name + "@example.com", "Ana", "Silva", role, "$2a$10$hash-of-" + name, T0, null);
    }

    @Test
    void aUserIsCreatedOnceFoundListedAndDeleted() {
        assertThat(this.<Boolean>users(s -> s.create(user("ana", "Admin")))).isTrue();
        assertThat(this.<Boolean>users(s -> s.create(user("ana", "Viewer"))))
                .as("a second user with the same name is refused, not written")
                .isFalse();
        store().useTransaction(s -> s.users().create(user("bob", "Viewer")));

        UserRecord ana = users(s -> s.find("ana")).orElseThrow();
        assertThat(ana.role()).isEqualTo("Admin");
        assertThat(ana.createdAt()).isEqualTo(T0);
        assertThat(ana.lastLogin()).isNull();
        assertThat(this.<List<UserRecord>>users(s -> s.list()))
                .extracting(UserRecord::username)
                .containsExactly("ana", "bob");

        assertThat(this.<Boolean>users(s -> s.setPasswordHash("ana", "new-hash")))
                .isTrue();
        assertThat(this.<Boolean>users(s -> s.setLastLogin("ana", T0.plusSeconds(5))))
                .isTrue();
        assertThat(this.<Boolean>users(s -> s.setRole("ana", "Op"))).isTrue();
        assertThat(this.<Boolean>users(s -> s.setRole("nobody", "Op"))).isFalse();
        UserRecord changed = users(s -> s.find("ana")).orElseThrow();
        assertThat(changed.passwordHash()).isEqualTo("new-hash");
        assertThat(changed.role()).isEqualTo("Op");
        assertThat(users(s -> s.find("bob")).orElseThrow().role())
                .as("only the named user changes")
                .isEqualTo("Viewer");
        assertThat(changed.lastLogin()).isEqualTo(T0.plusSeconds(5));

        assertThat(this.<Boolean>users(s -> s.delete("ana"))).isTrue();
        assertThat(this.<Boolean>users(s -> s.delete("ana"))).isFalse();
        assertThat(this.<Boolean>users(s -> s.setPasswordHash("ana", "x"))).isFalse();
        assertThat(this.<java.util.Optional<UserRecord>>users(s -> s.find("ana")))
                .isEmpty();
    }

    @Test
    void theOverviewHasEachDagsLatestRunAndTheGridsInstancesInOneQueryEach() {
        Instant jan1 = Instant.parse("2024-01-01T00:00:00Z");
        store().useTransaction(session -> {
            for (int day = 0; day < 3; day++) {
                Instant date = jan1.plus(java.time.Duration.ofDays(day));
                for (String dag : List.of("a", "b")) {
                    if (dag.equals("b") && day == 2) {
                        continue;
                    }
                    session.runs()
                            .create(new DagRunRecord(
                                    0,
                                    dag,
                                    "scheduled__" + date,
                                    date,
                                    new io.weir.core.schedule.DataInterval(date, date.plusSeconds(86_400)),
                                    io.weir.core.state.RunType.SCHEDULED,
                                    day == 1
                                            ? io.weir.core.state.DagRunState.FAILED
                                            : io.weir.core.state.DagRunState.SUCCESS,
                                    false,
                                    "{}",
                                    date,
                                    date,
                                    date,
                                    null));
                }
            }
        });
        java.util.Map<String, DagRunRecord> latest =
                store().inTransaction(s -> s.overview().latestRuns());
        assertThat(latest).containsOnlyKeys("a", "b");
        assertThat(latest.get("a").logicalDate()).isEqualTo(jan1.plus(java.time.Duration.ofDays(2)));
        assertThat(latest.get("b").logicalDate()).isEqualTo(jan1.plus(java.time.Duration.ofDays(1)));
        assertThat(latest.get("b").state()).isEqualTo(io.weir.core.state.DagRunState.FAILED);
        assertThat(latest.get("b").runId()).isEqualTo("scheduled__" + jan1.plus(java.time.Duration.ofDays(1)));

        String day0 = "scheduled__" + jan1;
        String day1 = "scheduled__" + jan1.plus(java.time.Duration.ofDays(1));
        String day2 = "scheduled__" + jan1.plus(java.time.Duration.ofDays(2));
        var success = io.weir.core.state.TaskState.SUCCESS;
        store().useTransaction(session -> session.taskInstances()
                .insertAll(List.of(
                        MetadataStoreContract.ti("a", day0, "t1", success),
                        MetadataStoreContract.ti("a", day1, "t1", io.weir.core.state.TaskState.FAILED),
                        MetadataStoreContract.ti("a", day1, "t2", success),
                        MetadataStoreContract.ti("a", day2, "t1", success),
                        MetadataStoreContract.ti("b", day1, "t1", success))));
        List<TaskInstanceRecord> grid =
                store().inTransaction(s -> s.overview().taskInstancesOfRuns("a", List.of(day1, day2)));
        assertThat(grid)
                .extracting(i -> i.runId() + "/" + i.taskId() + "=" + i.state().label())
                .containsExactlyInAnyOrder(day1 + "/t1=failed", day1 + "/t2=success", day2 + "/t1=success");
        List<TaskInstanceRecord> none = store().inTransaction(s -> s.overview().taskInstancesOfRuns("a", List.of()));
        assertThat(none).isEmpty();
        Map<String, Map<String, io.weir.core.state.TaskState>> states =
                store().inTransaction(s -> s.overview().taskStatesOfRuns("a", List.of(day1, day2)));
        assertThat(states)
                .isEqualTo(Map.of(
                        day1, Map.of("t1", io.weir.core.state.TaskState.FAILED, "t2", success),
                        day2, Map.of("t1", success)));
        Map<String, Map<String, io.weir.core.state.TaskState>> noStates =
                store().inTransaction(s -> s.overview().taskStatesOfRuns("a", List.of()));
        assertThat(noStates).isEmpty();
        // The DAGs page's counts: only each DAG's latest run (a's day 2, b's day 1) is counted.
        store().useTransaction(session -> session.taskInstances()
                .insertAll(List.of(
                        MetadataStoreContract.ti("a", day2, "t2", io.weir.core.state.TaskState.FAILED),
                        MetadataStoreContract.ti("a", day2, "t3", success))));
        Map<String, Map<io.weir.core.state.TaskState, Integer>> counts =
                store().inTransaction(s -> s.overview().latestRunTaskStates());
        assertThat(counts)
                .isEqualTo(Map.of(
                        "a", Map.of(success, 2, io.weir.core.state.TaskState.FAILED, 1),
                        "b", Map.of(success, 1)));
    }

    @Test
    void auditEntriesAreReadNewestFirstAndFiltered() {
        store().useTransaction(s -> {
            s.audit().add(new AuditRecord(0, T0, "ana", "trigger", "d1", "manual__x", null, "ui", "10.0.0.1", "{}"));
            s.audit().add(new AuditRecord(0, T0.plusSeconds(1), "bob", "clear", "d1", "r1", "t1", "cli", "host", null));
            s.audit().add(new AuditRecord(0, T0.plusSeconds(2), "ana", "pause", "d2", null, null, "api", "::1", null));
        });
        List<AuditRecord> all = audit(s -> s.list(AuditRepository.Filter.ALL, 10, 0));
        assertThat(all).extracting(AuditRecord::event).containsExactly("pause", "clear", "trigger");
        assertThat(all.get(1).taskId()).isEqualTo("t1");
        assertThat(all.get(2).address()).isEqualTo("10.0.0.1");
        assertThat(all).extracting(AuditRecord::id).doesNotHaveDuplicates();
        assertThat(this.<java.util.Optional<AuditRecord>>audit(
                        s -> s.find(all.get(1).id())))
                .contains(all.get(1));
        assertThat(this.<java.util.Optional<AuditRecord>>audit(s -> s.find(-1))).isEmpty();

        var d1 = new AuditRepository.Filter("d1", null, null, null, null);
        assertThat(this.<List<AuditRecord>>audit(s -> s.list(d1, 10, 0)))
                .extracting(AuditRecord::event)
                .containsExactly("clear", "trigger");
        assertThat(this.<Integer>audit(s -> s.count(d1))).isEqualTo(2);
        var anaSince = new AuditRepository.Filter(null, null, "ana", T0.plusSeconds(1), null);
        assertThat(this.<List<AuditRecord>>audit(s -> s.list(anaSince, 10, 0)))
                .extracting(AuditRecord::event)
                .containsExactly("pause");
        var before = new AuditRepository.Filter(null, "trigger", null, null, T0.plusSeconds(1));
        assertThat(this.<Integer>audit(s -> s.count(before))).isEqualTo(1);
        assertThat(this.<List<AuditRecord>>audit(s -> s.list(AuditRepository.Filter.ALL, 1, 1)))
                .extracting(AuditRecord::event)
                .containsExactly("clear");
    }

    @Test
    void auditEntriesAreSortedOnAnyColumnWithTheIdBreakingTies() {
        store().useTransaction(s -> {
            s.audit().add(new AuditRecord(0, T0, "bea", "trigger", "d1", null, "b", "ui", null, null));
            s.audit().add(new AuditRecord(0, T0, "al", "clear", "d1", null, null, "ui", null, null));
            s.audit().add(new AuditRecord(0, T0.plusSeconds(1), "al", "pause", "d1", null, "a", "ui", null, null));
        });
        var all = AuditRepository.Filter.ALL;
        assertThat(this.<List<AuditRecord>>audit(s -> s.list(all, AuditRepository.Order.WHEN, false, 10, 0)))
                .extracting(AuditRecord::event)
                .containsExactly("trigger", "clear", "pause");
        assertThat(this.<List<AuditRecord>>audit(s -> s.list(all, AuditRepository.Order.OWNER, true, 10, 0)))
                .extracting(AuditRecord::event)
                .containsExactly("trigger", "pause", "clear");
        assertThat(this.<List<AuditRecord>>audit(s -> s.list(all, AuditRepository.Order.TASK_ID, false, 10, 0)))
                .as("no task sorts first ascending")
                .extracting(AuditRecord::event)
                .containsExactly("clear", "pause", "trigger");
        assertThat(this.<List<AuditRecord>>audit(s -> s.list(all, AuditRepository.Order.TASK_ID, true, 2, 1)))
                .extracting(AuditRecord::event)
                .containsExactly("pause", "clear");
    }
}
