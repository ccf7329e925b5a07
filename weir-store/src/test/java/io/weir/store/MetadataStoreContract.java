package io.weir.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.core.ErrorCode;
import io.weir.core.WeirException;
import io.weir.core.schedule.DataInterval;
import io.weir.core.state.DagRunState;
import io.weir.core.state.RunEvent;
import io.weir.core.state.RunType;
import io.weir.core.state.TaskState;
import io.weir.store.testing.TestStores;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** What every backend of the metadata store must do; run once per database. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class MetadataStoreContract {
    protected static final Instant JAN_1 = Instant.parse("2024-01-01T00:00:00Z");
    protected static final Instant NOW = Instant.parse("2024-03-01T12:34:56.123456Z");

    private MetadataStore store;

    /** A migrated store; called once per test class. */
    protected abstract MetadataStore createStore();

    /** A second store on the same database whose variables are encrypted with another key. */
    protected abstract MetadataStore createStoreWithOtherKey(MetadataStore store);

    protected MetadataStore store() {
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

    // --- schema -------------------------------------------------------------------------------------------------

    @Test
    void isMigratedAndReportsItsVersion() {
        assertThat(store().migrate()).isZero();
        MigrationStatus status = store().check();
        assertThat(status.reachable()).isTrue();
        assertThat(status.currentVersion()).isEqualTo(String.valueOf(Migrations.count()));
        assertThat(status.latestVersion()).isEqualTo(String.valueOf(Migrations.count()));
        assertThat(status.pendingCount()).isZero();
        assertThat(status.upToDate()).isTrue();
        assertThat(status.database()).isEqualTo(store().describe());
        store().ensureMigrated();
    }

    @Test
    void failedTransactionWritesNothing() {
        assertThatThrownBy(() -> store().useTransaction(session -> {
                    session.runs().create(run("rollback", JAN_1, RunType.SCHEDULED, DagRunState.RUNNING));
                    throw new IllegalStateException("boom");
                }))
                .hasMessage("boom");
        assertThat(tx((MetadataSession session) -> session.runs().count("rollback", null)))
                .isZero();
    }

    // --- DAGs and import errors ---------------------------------------------------------------------------------

    @Test
    void newDagsArePausedAsAskedAndKnownDagsKeepTheirFlag() {
        store().useTransaction(session -> {
            session.dags().upsert(dag("a", List.of("extract", "daily")), true);
            session.dags().upsert(dag("b", List.of()), false);
        });
        assertThat(tx((MetadataSession session) -> session.dags().find("a")))
                .get()
                .satisfies(dag -> {
                    assertThat(dag.paused()).isTrue();
                    assertThat(dag.active()).isTrue();
                    assertThat(dag.tags()).containsExactly("extract", "daily");
                    assertThat(dag.lastParsed()).isEqualTo(NOW);
                });

        store().useTransaction(session -> {
            assertThat(session.dags().setPaused("a", false)).isTrue();
            session.dags().deactivateAllExcept(List.of("b"));
        });
        assertThat(tx((MetadataSession session) -> session.dags().find("a"))
                        .orElseThrow()
                        .active())
                .isFalse();

        DagRecord changed =
                new DagRecord("a", "dags/a2.yaml", true, true, "new", "@hourly", List.of("daily"), "f2", NOW);
        store().useTransaction(session -> session.dags().upsert(changed, true));
        DagRecord reloaded =
                tx((MetadataSession session) -> session.dags().find("a")).orElseThrow();
        assertThat(reloaded.paused()).as("a known DAG keeps its paused flag").isFalse();
        assertThat(reloaded.active()).isTrue();
        assertThat(reloaded.fileloc()).isEqualTo("dags/a2.yaml");
        assertThat(reloaded.schedule()).isEqualTo("@hourly");
        assertThat(reloaded.tags()).containsExactly("daily");

        assertThat(tx((MetadataSession session) -> session.dags().list()))
                .extracting(DagRecord::dagId)
                .containsExactly("a", "b");
        assertThat(tx((MetadataSession session) -> session.dags().setPaused("missing", true)))
                .isFalse();
        assertThat(tx((MetadataSession session) -> session.dags().find("missing")))
                .isEmpty();
    }

    @Test
    void deactivatingWithNoDagsPresentDeactivatesAll() {
        store().useTransaction(session -> {
            session.dags().upsert(dag("a", List.of()), false);
            session.dags().deactivateAllExcept(List.of());
        });
        assertThat(tx((MetadataSession session) -> session.dags().find("a"))
                        .orElseThrow()
                        .active())
                .isFalse();
    }

    @Test
    void importErrorsAreReplacedAndOrderedByFile() {
        store().useTransaction(session -> session.dags()
                .replaceImportErrors(List.of(
                        new ImportErrorRecord("dags/z.yaml", 3, 5, "unknown key 'x'", NOW),
                        new ImportErrorRecord("dags/a.yaml", 1, 1, "cycle", NOW))));
        assertThat(tx((MetadataSession session) -> session.dags().importErrors()))
                .extracting(ImportErrorRecord::file)
                .containsExactly("dags/a.yaml", "dags/z.yaml");
        assertThat(tx((MetadataSession session) -> session.dags().importErrors())
                        .get(1))
                .isEqualTo(new ImportErrorRecord("dags/z.yaml", 3, 5, "unknown key 'x'", NOW));

        store().useTransaction(session -> session.dags().replaceImportErrors(List.of()));
        assertThat(tx((MetadataSession session) -> session.dags().importErrors()))
                .isEmpty();
    }

    // --- runs ---------------------------------------------------------------------------------------------------

    @Test
    void createdRunReadsBackEqual() {
        DagRunRecord run = new DagRunRecord(
                0,
                "etl",
                "manual__2024-01-01T00:00:00+00:00",
                JAN_1,
                new DataInterval(JAN_1, JAN_1.plus(Duration.ofDays(1))),
                RunType.MANUAL,
                DagRunState.QUEUED,
                true,
                "{\"full\": true}",
                NOW,
                null,
                null,
                42L);
        DagRunRecord created = tx((MetadataSession session) -> session.runs().create(run));
        assertThat(created.id()).isPositive();
        assertThat(created).usingRecursiveComparison().ignoringFields("id").isEqualTo(run);
        assertThat(tx((MetadataSession session) -> session.runs().find("etl", run.runId())))
                .contains(created);
        assertThat(tx((MetadataSession session) -> session.runs().findByLogicalDate("etl", JAN_1)))
                .contains(created);
        assertThat(tx((MetadataSession session) -> session.runs().find("etl", "other")))
                .isEmpty();
    }

    @Test
    void timestampsKeepMicrosecondsAndTruncateNanoseconds() {
        Instant precise = Instant.parse("2024-06-30T23:59:59.123456789Z");
        DagRunRecord run = run("etl", JAN_1, RunType.MANUAL, DagRunState.QUEUED)
                .transition(new RunEvent.Start(precise))
                .orElseThrow()
                .next();
        DagRunRecord created = tx((MetadataSession session) -> session.runs().create(run));
        assertThat(created.startDate()).isEqualTo(Instant.parse("2024-06-30T23:59:59.123456Z"));
    }

    @Test
    void duplicateLogicalDateIsRefusedWithTheExistingRunNamed() {
        store().useTransaction(
                        session -> session.runs().create(run("etl", JAN_1, RunType.SCHEDULED, DagRunState.SUCCESS)));
        DagRunRecord manual = run("etl", JAN_1, RunType.MANUAL, DagRunState.QUEUED);
        assertThatThrownBy(
                        () -> store().useTransaction(session -> session.runs().create(manual)))
                .isInstanceOf(DuplicateRunException.class)
                .hasMessageContaining("DAG etl already has a run for 2024-01-01T00:00:00Z")
                .hasMessageContaining("scheduled__2024-01-01T00:00:00+00:00");
    }

    @Test
    void duplicateRunIdIsRefused() {
        store().useTransaction(
                        session -> session.runs().create(run("etl", JAN_1, RunType.MANUAL, DagRunState.SUCCESS)));
        DagRunRecord sameId = new DagRunRecord(
                0,
                "etl",
                "manual__2024-01-01T00:00:00+00:00",
                JAN_1.plusSeconds(60),
                new DataInterval(JAN_1.plusSeconds(60), JAN_1.plusSeconds(60)),
                RunType.MANUAL,
                DagRunState.QUEUED,
                true,
                "{}",
                NOW,
                null,
                null,
                null);
        assertThatThrownBy(
                        () -> store().useTransaction(session -> session.runs().create(sameId)))
                .isInstanceOf(DuplicateRunException.class)
                .hasMessageContaining("manual__2024-01-01T00:00:00+00:00");
    }

    @Test
    void transactionStaysUsableAfterADuplicate() {
        int created = tx((MetadataSession session) -> {
            session.runs().create(run("etl", JAN_1, RunType.SCHEDULED, DagRunState.RUNNING));
            try {
                session.runs().create(run("etl", JAN_1, RunType.BACKFILL, DagRunState.RUNNING));
            } catch (DuplicateRunException expected) {
                // the caller skips this date and goes on in the same transaction
            }
            session.runs().create(run("etl", day(1), RunType.SCHEDULED, DagRunState.RUNNING));
            return session.runs().count("etl", null);
        });
        assertThat(created).isEqualTo(2);
        assertThat(tx((MetadataSession session) -> session.runs().count("etl", null)))
                .isEqualTo(2);
    }

    @Test
    void listsAndCountsRunsNewestFirst() {
        store().useTransaction(session -> {
            for (int day = 0; day < 5; day++) {
                session.runs()
                        .create(run(
                                "etl",
                                day(day),
                                RunType.SCHEDULED,
                                day % 2 == 0 ? DagRunState.SUCCESS : DagRunState.FAILED));
            }
            session.runs().create(run("other", day(0), RunType.SCHEDULED, DagRunState.SUCCESS));
        });
        assertThat(tx((MetadataSession session) -> session.runs().list("etl", null, 10, 0)))
                .extracting(DagRunRecord::logicalDate)
                .containsExactly(day(4), day(3), day(2), day(1), day(0));
        assertThat(tx((MetadataSession session) -> session.runs().list("etl", DagRunState.SUCCESS, 2, 1)))
                .extracting(DagRunRecord::logicalDate)
                .containsExactly(day(2), day(0));
        assertThat(tx((MetadataSession session) -> session.runs().count("etl", null)))
                .isEqualTo(5);
        assertThat(tx((MetadataSession session) -> session.runs().count("etl", DagRunState.FAILED)))
                .isEqualTo(2);
        assertThat(tx((MetadataSession session) -> session.runs().between("etl", day(1), day(3))))
                .extracting(DagRunRecord::logicalDate)
                .containsExactly(day(1), day(2), day(3));
    }

    @Test
    void latestAutomatedIgnoresManualRuns() {
        store().useTransaction(session -> {
            session.runs().create(run("etl", day(0), RunType.SCHEDULED, DagRunState.SUCCESS));
            session.runs().create(run("etl", day(1), RunType.BACKFILL, DagRunState.SUCCESS));
            session.runs().create(run("etl", day(5), RunType.MANUAL, DagRunState.SUCCESS));
        });
        assertThat(tx((MetadataSession session) -> session.runs().latestAutomated("etl")))
                .get()
                .extracting(DagRunRecord::logicalDate)
                .isEqualTo(day(1));
        assertThat(tx((MetadataSession session) -> session.runs().latestAutomated("none")))
                .isEmpty();
    }

    @Test
    void previousAndPreviousSuccessful() {
        store().useTransaction(session -> {
            session.runs().create(run("etl", day(0), RunType.SCHEDULED, DagRunState.SUCCESS));
            session.runs().create(run("etl", day(1), RunType.MANUAL, DagRunState.FAILED));
            session.runs().create(run("etl", day(2), RunType.SCHEDULED, DagRunState.RUNNING));
        });
        assertThat(tx((MetadataSession session) -> session.runs().previous("etl", day(2))))
                .get()
                .extracting(DagRunRecord::logicalDate)
                .isEqualTo(day(1));
        assertThat(tx((MetadataSession session) -> session.runs().previousSuccessful("etl", day(2))))
                .get()
                .extracting(DagRunRecord::logicalDate)
                .isEqualTo(day(0));
        assertThat(tx((MetadataSession session) -> session.runs().previous("etl", day(0))))
                .isEmpty();
    }

    @Test
    void withStateSpansDagsOldestFirst() {
        store().useTransaction(session -> {
            session.runs().create(run("b", day(2), RunType.SCHEDULED, DagRunState.RUNNING));
            session.runs().create(run("a", day(1), RunType.SCHEDULED, DagRunState.RUNNING));
            session.runs().create(run("a", day(3), RunType.SCHEDULED, DagRunState.SUCCESS));
        });
        assertThat(tx((MetadataSession session) -> session.runs().withState(DagRunState.RUNNING)))
                .extracting(DagRunRecord::dagId, DagRunRecord::logicalDate)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("a", day(1)),
                        org.assertj.core.groups.Tuple.tuple("b", day(2)));
    }

    @Test
    void createdAfterListsTheRunsCreatedSinceAnIdInAnyStateOldestFirst() {
        long before = tx((MetadataSession session) -> session.runs().latestId());
        DagRunRecord first = tx((MetadataSession session) ->
                session.runs().create(run("b", day(2), RunType.SCHEDULED, DagRunState.SUCCESS)));
        DagRunRecord second = tx((MetadataSession session) ->
                session.runs().create(run("a", day(1), RunType.MANUAL, DagRunState.QUEUED)));
        assertThat(tx((MetadataSession session) -> session.runs().latestId())).isEqualTo(second.id());
        assertThat(tx((MetadataSession session) -> session.runs().createdAfter(before)))
                .extracting(DagRunRecord::dagId, DagRunRecord::state)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("b", DagRunState.SUCCESS),
                        org.assertj.core.groups.Tuple.tuple("a", DagRunState.QUEUED));
        assertThat(tx((MetadataSession session) -> session.runs().createdAfter(first.id())))
                .extracting(DagRunRecord::id)
                .containsExactly(second.id());
        assertThat(tx((MetadataSession session) -> session.runs().createdAfter(second.id())))
                .isEmpty();
    }

    @Test
    void applyWritesARunTransitionOnlyFromTheStateItWasComputedFromAndSetOwnerTheOwner() {
        DagRunRecord created = tx((MetadataSession session) ->
                session.runs().create(run("etl", JAN_1, RunType.SCHEDULED, DagRunState.QUEUED)));
        store().useTransaction(session -> {
            assertThat(session.apply(created, new RunEvent.Start(NOW))).isPresent();
            // A second writer still holding the queued copy: its start is refused, not written over the first.
            assertThat(session.apply(created, new RunEvent.Start(NOW.plusSeconds(1))))
                    .isEmpty();
            DagRunRecord running = session.runs().find("etl", created.runId()).orElseThrow();
            assertThat(session.apply(running, new RunEvent.Finish(DagRunState.SUCCESS, NOW.plusSeconds(5))))
                    .isPresent();
            session.runs().setOwner(created.id(), 7L);
        });
        DagRunRecord reloaded = tx((MetadataSession session) -> session.runs().find("etl", created.runId()))
                .orElseThrow();
        assertThat(reloaded.state()).isEqualTo(DagRunState.SUCCESS);
        assertThat(reloaded.startDate()).isEqualTo(NOW);
        assertThat(reloaded.endDate()).isEqualTo(NOW.plusSeconds(5));
        assertThat(reloaded.ownerJobId()).isEqualTo(7L);
        store().useTransaction(session -> session.runs().setOwner(created.id(), null));
        assertThat(tx((MetadataSession session) -> session.runs().find("etl", created.runId()))
                        .orElseThrow()
                        .ownerJobId())
                .isNull();
    }

    @Test
    void lockSchedulableReturnsActiveRunsThisJobMayTake() {
        store().useTransaction(session -> {
            session.runs().create(run("unowned", JAN_1, RunType.SCHEDULED, DagRunState.RUNNING));
            session.runs().create(owned(run("mine", JAN_1, RunType.SCHEDULED, DagRunState.QUEUED), 1L));
            session.runs().create(owned(run("dead", JAN_1, RunType.SCHEDULED, DagRunState.RUNNING), 2L));
            session.runs().create(owned(run("alive", JAN_1, RunType.SCHEDULED, DagRunState.RUNNING), 3L));
            session.runs().create(run("finished", JAN_1, RunType.SCHEDULED, DagRunState.SUCCESS));
        });
        assertThat(tx((MetadataSession session) -> session.runs().lockSchedulable(1L, List.of(2L), 10)))
                .extracting(DagRunRecord::dagId)
                .containsExactlyInAnyOrder("unowned", "mine", "dead");
        assertThat(tx((MetadataSession session) -> session.runs().lockSchedulable(1L, List.of(), 10)))
                .extracting(DagRunRecord::dagId)
                .containsExactlyInAnyOrder("unowned", "mine");
        assertThat(tx((MetadataSession session) -> session.runs().lockSchedulable(1L, List.of(), 1)))
                .hasSize(1);
    }

    @Test
    void lockedRunsAreSkippedByOtherTransactions() throws Exception {
        DagRunRecord first = tx((MetadataSession session) ->
                session.runs().create(run("etl", day(0), RunType.SCHEDULED, DagRunState.RUNNING)));
        tx((MetadataSession session) ->
                session.runs().create(run("etl", day(1), RunType.SCHEDULED, DagRunState.RUNNING)));

        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<List<DagRunRecord>> holder =
                CompletableFuture.supplyAsync(() -> tx((MetadataSession session) -> {
                    Optional<DagRunRecord> claimed = session.runs().lock(first.id());
                    locked.countDown();
                    await(release);
                    return claimed.stream().toList();
                }));
        try {
            assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();
            long started = System.nanoTime();
            assertThat(tx((MetadataSession session) -> session.runs().lockSchedulable(9L, List.of(), 10)))
                    .extracting(DagRunRecord::logicalDate)
                    .containsExactly(day(1));
            assertThat(tx((MetadataSession session) -> session.runs().lock(first.id())))
                    .isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .as("skipping a locked row does not wait for it")
                    .isLessThan(Duration.ofSeconds(5));
        } finally {
            release.countDown();
        }
        assertThat(holder.get(10, TimeUnit.SECONDS))
                .extracting(DagRunRecord::id)
                .containsExactly(first.id());
        assertThat(tx((MetadataSession session) -> session.runs().lock(first.id())))
                .isPresent();
        assertThat(tx((MetadataSession session) -> session.runs().lock(Long.MAX_VALUE)))
                .isEmpty();
    }

    @Test
    void aSchedulerLocksOnlyTheRunsItWasGiven() throws Exception {
        store().useTransaction(session -> {
            for (int day = 0; day < 3; day++) {
                session.runs().create(run("etl", day(day), RunType.SCHEDULED, DagRunState.RUNNING));
            }
        });
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<List<DagRunRecord>> first =
                CompletableFuture.supplyAsync(() -> tx((MetadataSession session) -> {
                    List<DagRunRecord> claimed = session.runs().lockSchedulable(1L, List.of(), 1);
                    locked.countDown();
                    await(release);
                    return claimed;
                }));
        try {
            assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(tx((MetadataSession session) -> session.runs().lockSchedulable(2L, List.of(), 10)))
                    .extracting(DagRunRecord::logicalDate)
                    .containsExactly(day(1), day(2));
        } finally {
            release.countDown();
        }
        assertThat(first.get(10, TimeUnit.SECONDS))
                .extracting(DagRunRecord::logicalDate)
                .containsExactly(day(0));
    }

    // --- task instances -----------------------------------------------------------------------------------------

    @Test
    void taskInstancesRoundTripAndUpdateInBatches() {
        DagRunRecord run = tx((MetadataSession session) ->
                session.runs().create(run("etl", JAN_1, RunType.SCHEDULED, DagRunState.RUNNING)));
        TaskInstanceRecord full = new TaskInstanceRecord(
                "etl",
                run.runId(),
                "load",
                TaskState.RUNNING,
                2,
                3,
                NOW,
                NOW.plusSeconds(1),
                null,
                null,
                "db",
                2,
                5,
                "command",
                "host-1",
                11L,
                4242L,
                NOW.plusSeconds(1));
        store().useTransaction(session ->
                session.taskInstances().insertAll(List.of(full, ti("etl", run.runId(), "extract", TaskState.NONE))));

        assertThat(tx((MetadataSession session) -> session.taskInstances().find("etl", run.runId(), "load")))
                .contains(full);
        assertThat(tx((MetadataSession session) -> session.taskInstances().forRun("etl", run.runId())))
                .extracting(TaskInstanceRecord::taskId)
                .containsExactlyInAnyOrder("extract", "load");

        TaskInstanceRecord finished = new TaskInstanceRecord(
                "etl",
                run.runId(),
                "load",
                TaskState.UP_FOR_RETRY,
                2,
                3,
                NOW,
                NOW.plusSeconds(1),
                NOW.plusSeconds(9),
                NOW.plusSeconds(300),
                "db",
                2,
                5,
                "command",
                "host-1",
                null,
                null,
                null);
        store().useTransaction(session -> session.taskInstances()
                .updateAll(List.of(finished, ti("etl", run.runId(), "extract", TaskState.SCHEDULED))));
        assertThat(tx((MetadataSession session) -> session.taskInstances().find("etl", run.runId(), "load")))
                .contains(finished);
        assertThat(tx((MetadataSession session) -> session.taskInstances().find("etl", run.runId(), "extract")))
                .get()
                .extracting(TaskInstanceRecord::state)
                .isEqualTo(TaskState.SCHEDULED);
        assertThat(tx((MetadataSession session) -> session.taskInstances().find("etl", run.runId(), "missing")))
                .isEmpty();
    }

    @Test
    void claimIfRefusesACopyReadBeforeTheInstanceRanAgain() {
        TaskInstanceRecord scheduled = ti("etl", "r1", "load", TaskState.SCHEDULED, null);
        store().useTransaction(session -> session.taskInstances().insertAll(List.of(scheduled)));
        // Read at try 0; the instance has run once since and is scheduled again for its second try.
        TaskInstanceRecord ranOnce = new TaskInstanceRecord(
                scheduled.dagId(),
                scheduled.runId(),
                scheduled.taskId(),
                TaskState.SCHEDULED,
                1,
                3,
                null,
                null,
                null,
                null,
                scheduled.pool(),
                scheduled.poolSlots(),
                scheduled.priorityWeight(),
                scheduled.operator(),
                null,
                null,
                null,
                null);
        store().useTransaction(session -> session.taskInstances().updateAll(List.of(ranOnce)));
        TaskInstanceRecord claim = scheduled.withState(TaskState.RUNNING);

        assertThat(tx((MetadataSession session) ->
                        session.taskInstances().claimIf(claim, TaskState.SCHEDULED, null, 0)))
                .as("claim from the stale copy")
                .isFalse();
        assertThat(tx((MetadataSession session) ->
                        session.taskInstances().claimIf(claim, TaskState.SCHEDULED, null, 1)))
                .isTrue();
        assertThat(tx((MetadataSession session) -> session.taskInstances().find("etl", "r1", "load"))
                        .orElseThrow()
                        .state())
                .isEqualTo(TaskState.RUNNING);
    }

    @Test
    void endAndClaimClaimsOnlyWhenTheEndIsWritten() {
        TaskInstanceRecord running = ti("etl", "r1", "extract", TaskState.RUNNING, 5L);
        TaskInstanceRecord scheduled = ti("etl", "r1", "load", TaskState.SCHEDULED, null);
        TaskInstanceRecord waiting = ti("etl", "r1", "report", TaskState.SCHEDULED, null);
        store().useTransaction(session -> session.taskInstances().insertAll(List.of(running, scheduled, waiting)));
        TaskInstanceRecord ended = running.withState(TaskState.SUCCESS);

        // Another job's try (this one was cleared or recovered meanwhile): neither is written.
        assertThat(store().endAndClaim(ended, 6L, scheduled.withState(TaskState.RUNNING), 0))
                .isEqualTo(new MetadataStore.EndAndClaim(false, false));
        // A claim from a copy read at another try is refused; the end is written.
        assertThat(store().endAndClaim(ended, 5L, waiting.withState(TaskState.RUNNING), 1))
                .isEqualTo(new MetadataStore.EndAndClaim(true, false));
        assertThat(states("etl", "r1"))
                .containsEntry("extract", TaskState.SUCCESS)
                .containsEntry("load", TaskState.SCHEDULED)
                .containsEntry("report", TaskState.SCHEDULED);

        TaskInstanceRecord runningAgain = ti("etl", "r1", "check", TaskState.RUNNING, 5L);
        store().useTransaction(session -> session.taskInstances().insertAll(List.of(runningAgain)));
        assertThat(store().endAndClaim(
                                runningAgain.withState(TaskState.SUCCESS),
                                5L,
                                scheduled.withState(TaskState.RUNNING),
                                0))
                .isEqualTo(new MetadataStore.EndAndClaim(true, true));
        assertThat(states("etl", "r1"))
                .containsEntry("check", TaskState.SUCCESS)
                .containsEntry("load", TaskState.RUNNING);
    }

    @Test
    void endAndClaimWritesOfManyWorkersEndingTogetherEachApplyOnTheirOwn() throws Exception {
        int workers = 24;
        List<TaskInstanceRecord> rows = new ArrayList<>();
        for (int worker = 0; worker < workers; worker++) {
            rows.add(ti("fan", "r1", "end" + worker, TaskState.RUNNING, 5L));
            rows.add(ti("fan", "r1", "next" + worker, TaskState.SCHEDULED, null));
        }
        store().useTransaction(session -> session.taskInstances().insertAll(rows));
        CountDownLatch start = new CountDownLatch(1);
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(workers);
        List<CompletableFuture<MetadataStore.EndAndClaim>> results = new ArrayList<>();
        for (int worker = 0; worker < workers; worker++) {
            int index = worker;
            // Every third worker's try was taken over by another job meanwhile: neither of its writes applies.
            long job = index % 3 == 0 ? 6L : 5L;
            results.add(CompletableFuture.supplyAsync(
                    () -> {
                        try {
                            start.await();
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                        return store().endAndClaim(
                                        ti("fan", "r1", "end" + index, TaskState.SUCCESS, 5L),
                                        job,
                                        ti("fan", "r1", "next" + index, TaskState.RUNNING, 5L),
                                        0);
                    },
                    threads));
        }
        start.countDown();

        for (int worker = 0; worker < workers; worker++) {
            boolean refused = worker % 3 == 0;
            assertThat(results.get(worker).get(30, TimeUnit.SECONDS))
                    .isEqualTo(new MetadataStore.EndAndClaim(!refused, !refused));
        }
        threads.shutdown();
        Map<String, TaskState> states = states("fan", "r1");
        for (int worker = 0; worker < workers; worker++) {
            boolean refused = worker % 3 == 0;
            assertThat(states.get("end" + worker)).isEqualTo(refused ? TaskState.RUNNING : TaskState.SUCCESS);
            assertThat(states.get("next" + worker)).isEqualTo(refused ? TaskState.SCHEDULED : TaskState.RUNNING);
        }
    }

    private Map<String, TaskState> states(String dagId, String runId) {
        return tx((MetadataSession session) -> session.taskInstances().forRun(dagId, runId)).stream()
                .collect(java.util.stream.Collectors.toMap(TaskInstanceRecord::taskId, TaskInstanceRecord::state));
    }

    @Test
    void updateIfWritesOnlyFromTheExpectedStateAndOwner() {
        TaskInstanceRecord running = ti("etl", "r1", "load", TaskState.RUNNING, 5L);
        store().useTransaction(session -> session.taskInstances().insertAll(List.of(running)));
        TaskInstanceRecord success = running.withState(TaskState.SUCCESS);

        assertThat(tx((MetadataSession session) -> session.taskInstances().updateIf(success, TaskState.QUEUED, null)))
                .as("wrong expected state")
                .isFalse();
        assertThat(tx((MetadataSession session) -> session.taskInstances().updateIf(success, TaskState.RUNNING, 6L)))
                .as("another job's try")
                .isFalse();
        assertThat(tx((MetadataSession session) -> session.taskInstances().find("etl", "r1", "load"))
                        .orElseThrow()
                        .state())
                .isEqualTo(TaskState.RUNNING);

        assertThat(tx((MetadataSession session) -> session.taskInstances().updateIf(success, TaskState.RUNNING, 5L)))
                .isTrue();
        assertThat(tx((MetadataSession session) -> session.taskInstances().find("etl", "r1", "load"))
                        .orElseThrow()
                        .state())
                .isEqualTo(TaskState.SUCCESS);
        assertThat(tx((MetadataSession session) ->
                        session.taskInstances().updateIf(success.withState(TaskState.FAILED), TaskState.SUCCESS, null)))
                .as("null owner matches any")
                .isTrue();
    }

    @Test
    void statesJobsPoolsAndDagCounts() {
        store().useTransaction(session -> session.taskInstances()
                .insertAll(List.of(
                        slots(ti("a", "r", "t1", TaskState.QUEUED, 1L), "default_pool", 1),
                        slots(ti("a", "r", "t2", TaskState.RUNNING, 1L), "db", 3),
                        slots(ti("b", "r", "t1", TaskState.RUNNING, 2L), "db", 2),
                        slots(ti("b", "r", "t2", TaskState.SUCCESS, 2L), "db", 5),
                        ti("b", "r", "t3", TaskState.UP_FOR_RETRY))));

        assertThat(tx((MetadataSession session) ->
                        session.taskInstances().withStates(List.of(TaskState.RUNNING, TaskState.UP_FOR_RETRY))))
                .extracting(instance -> instance.dagId() + "." + instance.taskId())
                .containsExactlyInAnyOrder("a.t2", "b.t1", "b.t3");
        assertThat(tx((MetadataSession session) -> session.taskInstances().withStates(List.of())))
                .isEmpty();
        assertThat(tx((MetadataSession session) -> session.taskInstances().activeForJobs(List.of(2L))))
                .extracting(TaskInstanceRecord::taskId)
                .containsExactly("t1");
        assertThat(tx((MetadataSession session) -> session.taskInstances().activeForJobs(List.of())))
                .isEmpty();
        assertThat(tx((MetadataSession session) -> session.taskInstances().occupiedPoolSlots()))
                .isEqualTo(Map.of("default_pool", 1, "db", 5));
        assertThat(tx((MetadataSession session) -> session.taskInstances().activeCountByDag()))
                .isEqualTo(Map.of("a", 2, "b", 1));
    }

    @Test
    void forTaskListsNewestLogicalDateFirst() {
        store().useTransaction(session -> {
            List<TaskInstanceRecord> instances = new ArrayList<>();
            for (int day = 0; day < 4; day++) {
                DagRunRecord run = session.runs().create(run("etl", day(day), RunType.SCHEDULED, DagRunState.SUCCESS));
                instances.add(ti("etl", run.runId(), "load", TaskState.SUCCESS));
                instances.add(ti("etl", run.runId(), "other", TaskState.SUCCESS));
            }
            session.taskInstances().insertAll(instances);
        });
        assertThat(tx((MetadataSession session) -> session.taskInstances().forTask("etl", "load", 3)))
                .extracting(TaskInstanceRecord::runId)
                .containsExactly(
                        RunType.SCHEDULED.runId(day(3)),
                        RunType.SCHEDULED.runId(day(2)),
                        RunType.SCHEDULED.runId(day(1)));
    }

    // --- XComs, variables, jobs, pools --------------------------------------------------------------------------

    @Test
    void xcomsArePutReplacedListedAndCleared() {
        store().useTransaction(session -> {
            session.xcoms().put(new XComRecord("etl", "r", "load", "return_value", "{\"rows\": 1}", NOW));
            session.xcoms().put(new XComRecord("etl", "r", "load", "extra", "[1, 2]", NOW));
            session.xcoms()
                    .put(new XComRecord("etl", "r", "load", "return_value", "{\"rows\": 5}", NOW.plusSeconds(1)));
        });
        assertThat(tx((MetadataSession session) -> session.xcoms().get("etl", "r", "load", "return_value")))
                .contains(new XComRecord("etl", "r", "load", "return_value", "{\"rows\": 5}", NOW.plusSeconds(1)));
        assertThat(tx((MetadataSession session) -> session.xcoms().forTask("etl", "r", "load")))
                .extracting(XComRecord::key)
                .containsExactly("extra", "return_value");
        store().useTransaction(session -> session.xcoms().clear("etl", "r", "load"));
        assertThat(tx((MetadataSession session) -> session.xcoms().forTask("etl", "r", "load")))
                .isEmpty();
    }

    @Test
    void variablesRoundTripAndAreEncryptedAtRest() throws SQLException {
        String secret = "postgres://admin:hunter2@db/prod";
        store().useTransaction(session -> {
            session.variables().set("dsn", secret, "warehouse DSN");
            session.variables().set("plain", "v1", null);
            session.variables().set("plain", "v2", "changed");
        });
        assertThat(tx((MetadataSession session) -> session.variables().get("dsn")))
                .contains(new VariableRecord("dsn", secret, "warehouse DSN"));
        assertThat(tx((MetadataSession session) -> session.variables().list()))
                .containsExactly(
                        new VariableRecord("dsn", secret, "warehouse DSN"),
                        new VariableRecord("plain", "v2", "changed"));

        String stored = queryString("SELECT encrypted_value FROM variable WHERE var_key = 'dsn'");
        assertThat(stored).startsWith("v1:").doesNotContain(secret).doesNotContain("hunter2");

        assertThat(tx((MetadataSession session) -> session.variables().delete("dsn")))
                .isTrue();
        assertThat(tx((MetadataSession session) -> session.variables().delete("dsn")))
                .isFalse();
        assertThat(tx((MetadataSession session) -> session.variables().get("dsn")))
                .isEmpty();
    }

    @Test
    void aTaskKeepsOneStateAcrossRunsThatTheLatestWriteReplaces() {
        store().useTransaction(session -> {
            session.taskStates().put("dag", "tap", "{\"bookmark\": 1}", "run_1", Instant.parse("2024-05-01T00:00:00Z"));
            session.taskStates().put("dag", "other", "{}", "run_1", Instant.parse("2024-05-01T00:00:00Z"));
        });
        store().useTransaction(session -> session.taskStates()
                .put("dag", "tap", "{\"bookmark\": 2}", "run_2", Instant.parse("2024-05-02T00:00:00Z")));

        assertThat(tx((MetadataSession session) -> session.taskStates().get("dag", "tap")))
                .contains("{\"bookmark\": 2}");
        assertThat(tx((MetadataSession session) -> session.taskStates().get("dag", "other")))
                .contains("{}");
        assertThat(tx((MetadataSession session) -> session.taskStates().get("dag", "new")))
                .isEmpty();
    }

    @Test
    void aForgottenTaskStateIsGoneAndTheOtherTasksKeepTheirs() {
        store().useTransaction(session -> {
            session.taskStates().put("dag", "tap", "{\"bookmark\": 1}", "run_1", Instant.parse("2024-05-01T00:00:00Z"));
            session.taskStates().put("dag", "other", "{}", "run_1", Instant.parse("2024-05-01T00:00:00Z"));
        });

        assertThat(tx((MetadataSession session) -> session.taskStates().delete("dag", "tap")))
                .isTrue();
        assertThat(tx((MetadataSession session) -> session.taskStates().delete("dag", "tap")))
                .isFalse();
        assertThat(tx((MetadataSession session) -> session.taskStates().get("dag", "tap")))
                .isEmpty();
        assertThat(tx((MetadataSession session) -> session.taskStates().get("dag", "other")))
                .contains("{}");
    }

    @Test
    void aWrongKeyNamesTheVariable() {
        store().useTransaction(session -> session.variables().set("api_token", "s3cret", null));
        try (MetadataStore other = createStoreWithOtherKey(store())) {
            assertThatThrownBy(() ->
                            other.inTransaction(session -> session.variables().get("api_token")))
                    .isInstanceOf(WeirException.class)
                    .hasMessageContaining("Variable 'api_token'")
                    .hasMessageContaining("differs from the key it was stored with")
                    .extracting(error -> ((WeirException) error).code())
                    .isEqualTo(ErrorCode.CONFIGURATION);
        }
    }

    @Test
    void jobsHeartbeatAndFinish() {
        long first = tx((MetadataSession session) -> session.jobs().start("scheduler", "host-1", 100, NOW));
        long second = tx((MetadataSession session) -> session.jobs().start("backfill", "host-2", 200, NOW));
        assertThat(second).isNotEqualTo(first);
        store().useTransaction(session -> session.jobs().heartbeat(first, NOW.plusSeconds(5)));
        assertThat(tx((MetadataSession session) -> session.jobs().find(first)))
                .contains(new JobRecord(first, "scheduler", "host-1", 100, NOW, NOW.plusSeconds(5), "running"));
        store().useTransaction(session -> session.jobs().finish(second, NOW.plusSeconds(6)));
        assertThat(tx((MetadataSession session) -> session.jobs().running()))
                .extracting(JobRecord::id)
                .containsExactly(first);
        assertThat(tx((MetadataSession session) -> session.jobs().find(second))
                        .orElseThrow()
                        .state())
                .isEqualTo("finished");
        assertThat(tx((MetadataSession session) -> session.jobs().find(-1))).isEmpty();
    }

    @Test
    void poolsStartWithTheDefaultPoolWhichCannotBeDeleted() {
        assertThat(tx((MetadataSession session) -> session.pools().list()))
                .containsExactly(new PoolRecord(PoolRecord.DEFAULT_POOL, PoolRecord.DEFAULT_SLOTS, "Default pool"));
        store().useTransaction(session -> {
            session.pools().upsert(new PoolRecord("db", 4, "warehouse"));
            session.pools().upsert(new PoolRecord("db", 2, "warehouse, fewer"));
            session.pools().upsert(new PoolRecord(PoolRecord.DEFAULT_POOL, 16, "smaller"));
        });
        assertThat(tx((MetadataSession session) -> session.pools().find("db")))
                .contains(new PoolRecord("db", 2, "warehouse, fewer"));
        assertThat(tx((MetadataSession session) -> session.pools().find(PoolRecord.DEFAULT_POOL))
                        .orElseThrow()
                        .slots())
                .isEqualTo(16);
        assertThat(tx((MetadataSession session) -> session.pools().delete("db")))
                .isTrue();
        assertThat(tx((MetadataSession session) -> session.pools().delete("db")))
                .isFalse();
        assertThatThrownBy(() -> tx((MetadataSession session) -> session.pools().delete(PoolRecord.DEFAULT_POOL)))
                .isInstanceOf(WeirException.class)
                .hasMessageContaining("default_pool cannot be deleted");
    }

    // --- cleanup ------------------------------------------------------------------------------------------------

    @Test
    void cleanCountsThenDeletesOldRunsWithTheirChildren() {
        store().useTransaction(session -> {
            for (int day = 0; day < 3; day++) {
                DagRunRecord run = session.runs().create(run("etl", day(day), RunType.SCHEDULED, DagRunState.SUCCESS));
                session.taskInstances()
                        .insertAll(List.of(
                                ti("etl", run.runId(), "a", TaskState.SUCCESS),
                                ti("etl", run.runId(), "b", TaskState.SUCCESS)));
                session.xcoms().put(new XComRecord("etl", run.runId(), "a", "return_value", "1", NOW));
            }
        });

        assertThat(store().clean(day(2), true)).isEqualTo(new CleanupResult(2, 4, 2, true));
        assertThat(tx((MetadataSession session) -> session.runs().count("etl", null)))
                .as("a dry run deletes nothing")
                .isEqualTo(3);

        assertThat(store().clean(day(2), false)).isEqualTo(new CleanupResult(2, 4, 2, false));
        assertThat(tx((MetadataSession session) -> session.runs().list("etl", null, 10, 0)))
                .extracting(DagRunRecord::logicalDate)
                .containsExactly(day(2));
        String kept = RunType.SCHEDULED.runId(day(2));
        assertThat(tx((MetadataSession session) -> session.taskInstances().forRun("etl", kept)))
                .hasSize(2);
        assertThat(tx((MetadataSession session) -> session.xcoms().forTask("etl", kept, "a")))
                .hasSize(1);
        assertThat(tx((MetadataSession session) ->
                        session.taskInstances().forRun("etl", RunType.SCHEDULED.runId(day(0)))))
                .isEmpty();
        assertThat(tx((MetadataSession session) ->
                        session.xcoms().forTask("etl", RunType.SCHEDULED.runId(day(0)), "a")))
                .isEmpty();

        assertThat(tx((MetadataSession session) -> session.runs().deleteBefore(day(3))))
                .isEqualTo(1);
        assertThat(queryString("SELECT COUNT(*) FROM task_instance")).isEqualTo("0");
        assertThat(queryString("SELECT COUNT(*) FROM xcom")).isEqualTo("0");
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    protected <T> T tx(java.util.function.Function<MetadataSession, T> work) {
        return store().inTransaction(work);
    }

    protected String queryString(String sql) {
        StoreSettings settings = store().settings();
        try (Connection connection =
                        DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    protected static Instant day(int offset) {
        return JAN_1.plus(Duration.ofDays(offset));
    }

    protected static DagRecord dag(String dagId, List<String> tags) {
        return new DagRecord(
                dagId, "dags/" + dagId + ".yaml", false, true, "about " + dagId, "@daily", tags, "f1", NOW);
    }

    protected static DagRunRecord run(String dagId, Instant logicalDate, RunType type, DagRunState state) {
        return new DagRunRecord(
                0,
                dagId,
                type.runId(logicalDate),
                logicalDate,
                new DataInterval(logicalDate, logicalDate.plus(Duration.ofDays(1))),
                type,
                state,
                type == RunType.MANUAL,
                "{}",
                NOW,
                null,
                null,
                null);
    }

    private static DagRunRecord owned(DagRunRecord run, long jobId) {
        return new DagRunRecord(
                run.id(),
                run.dagId(),
                run.runId(),
                run.logicalDate(),
                run.dataInterval(),
                run.runType(),
                run.state(),
                run.externalTrigger(),
                run.conf(),
                run.queuedAt(),
                run.startDate(),
                run.endDate(),
                jobId);
    }

    protected static TaskInstanceRecord ti(String dagId, String runId, String taskId, TaskState state) {
        return ti(dagId, runId, taskId, state, null);
    }

    protected static TaskInstanceRecord ti(String dagId, String runId, String taskId, TaskState state, Long jobId) {
        return new TaskInstanceRecord(
                dagId,
                runId,
                taskId,
                state,
                0,
                1,
                null,
                null,
                null,
                null,
                PoolRecord.DEFAULT_POOL,
                1,
                1,
                "empty",
                null,
                jobId,
                null,
                null);
    }

    private static TaskInstanceRecord slots(TaskInstanceRecord instance, String pool, int poolSlots) {
        return new TaskInstanceRecord(
                instance.dagId(),
                instance.runId(),
                instance.taskId(),
                instance.state(),
                instance.tryNumber(),
                instance.maxTries(),
                instance.queuedAt(),
                instance.startDate(),
                instance.endDate(),
                instance.nextRetryAt(),
                pool,
                poolSlots,
                instance.priorityWeight(),
                instance.operator(),
                instance.hostname(),
                instance.jobId(),
                instance.pid(),
                instance.pidStartedAt());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
