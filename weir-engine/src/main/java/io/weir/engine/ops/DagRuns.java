package io.weir.engine.ops;

import io.weir.core.ErrorCode;
import io.weir.core.WeirException;
import io.weir.core.dag.Dag;
import io.weir.core.schedule.DataInterval;
import io.weir.core.state.DagRunState;
import io.weir.core.state.RunType;
import io.weir.store.DagRunRecord;
import io.weir.store.MetadataStore;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** Finding and creating DAG runs. */
public final class DagRuns {
    private DagRuns() {}

    /** The run a CLI argument names: a run id, or a logical date. */
    public static DagRunRecord resolve(MetadataStore store, String dagId, String runIdOrDate) {
        Optional<DagRunRecord> byId =
                store.inTransaction(session -> session.runs().find(dagId, runIdOrDate));
        if (byId.isPresent()) {
            return byId.get();
        }
        if (!LogicalDates.looksLikeDate(runIdOrDate)) {
            throw new WeirException(
                    ErrorCode.RUN_NOT_FOUND,
                    "DAG " + dagId + " has no run " + runIdOrDate + "; `weir dags list-runs " + dagId
                            + "` lists its runs");
        }
        Instant logicalDate = LogicalDates.parse(runIdOrDate);
        return store.inTransaction(session -> session.runs().findByLogicalDate(dagId, logicalDate))
                .orElseThrow(() -> new WeirException(
                        ErrorCode.RUN_NOT_FOUND,
                        "DAG " + dagId + " has no run with logical date " + logicalDate + "; `weir dags list-runs "
                                + dagId + "` lists its runs"));
    }

    /** The data interval of a run at {@code logicalDate}: the schedule's interval there, or an empty one. */
    public static DataInterval intervalAt(Dag dag, Instant logicalDate) {
        if (dag.timetable() == null) {
            return new DataInterval(logicalDate, logicalDate);
        }
        return dag.timetable().intervalStartingAt(logicalDate);
    }

    /** A new run record (not stored yet). */
    public static DagRunRecord newRun(
            Dag dag, RunType type, Instant logicalDate, DagRunState state, String conf, Instant now, Long owner) {
        DataInterval interval = intervalAt(dag, logicalDate);
        return new DagRunRecord(
                0,
                dag.dagId(),
                type.runId(logicalDate),
                logicalDate,
                interval,
                type,
                state,
                type == RunType.MANUAL,
                conf == null || conf.isBlank() ? "{}" : conf,
                now,
                state == DagRunState.RUNNING ? now : null,
                null,
                owner);
    }

    /**
     * Triggers a manual run, as {@code dags trigger} does: at {@code logicalDate}, or now (to the second) when null.
     * The scheduler starts it when the DAG is unpaused and under max_active_runs.
     */
    public static DagRunRecord trigger(MetadataStore store, Dag dag, Instant logicalDate, String conf, Instant now) {
        return trigger(store, dag, logicalDate, null, conf, now);
    }

    /** As {@link #trigger(MetadataStore, Dag, Instant, String, Instant)}, named {@code runId} (the default when null). */
    public static DagRunRecord trigger(
            MetadataStore store, Dag dag, Instant logicalDate, String runId, String conf, Instant now) {
        Instant date = logicalDate != null ? logicalDate : now.truncatedTo(ChronoUnit.SECONDS);
        DagRunRecord run = newRun(dag, RunType.MANUAL, date, DagRunState.QUEUED, validConf(dag, conf), now, null);
        DagRunRecord named = runId == null ? run : withRunId(run, runId);
        return store.inTransaction(session -> session.runs().create(named));
    }

    private static DagRunRecord withRunId(DagRunRecord run, String runId) {
        return new DagRunRecord(
                run.id(),
                run.dagId(),
                runId,
                run.logicalDate(),
                run.dataInterval(),
                run.runType(),
                run.state(),
                run.externalTrigger(),
                run.conf(),
                run.queuedAt(),
                run.startDate(),
                run.endDate(),
                run.ownerJobId());
    }

    /** Deletes a run with its task instances and XComs, as {@code DELETE .../dagRuns/{id}} and the Browse page do. */
    public static void delete(MetadataStore store, String dagId, String runId) {
        if (!store.inTransaction(session -> session.runs().delete(dagId, runId))) {
            throw new WeirException(
                    ErrorCode.RUN_NOT_FOUND,
                    "DAG " + dagId + " has no run " + runId + "; `weir dags list-runs " + dagId + "` lists its runs");
        }
    }

    private static String validConf(Dag dag, String conf) {
        if (conf == null || conf.isBlank()) {
            return "{}";
        }
        try {
            com.fasterxml.jackson.databind.JsonNode node =
                    new com.fasterxml.jackson.databind.ObjectMapper().readTree(conf);
            if (!node.isObject()) {
                throw new WeirException(
                        ErrorCode.USER_INPUT,
                        "The conf for DAG " + dag.dagId() + " must be a JSON object, such as {\"full\": true}");
            }
            return node.toString();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new WeirException(
                    ErrorCode.USER_INPUT,
                    "The conf for DAG " + dag.dagId() + " is not valid JSON: " + e.getOriginalMessage());
        }
    }
}
