package io.weir.engine.scheduler;

import io.weir.core.dag.Dag;
import io.weir.core.schedule.DataInterval;
import io.weir.core.state.DagRunState;
import io.weir.core.state.RunEvent;
import io.weir.core.state.RunType;
import io.weir.engine.EngineServices;
import io.weir.engine.dagbag.DagBag;
import io.weir.store.DagRunRecord;
import io.weir.store.DuplicateRunException;
import io.weir.store.MetadataSession;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler's run creation: creates each scheduled DAG's runs as their intervals end (catchup walks every missed
 * one) and starts queued runs while their DAG is under max_active_runs, oldest logical date first. Called from the
 * loop's thread; when it next looks at each DAG may be reset from any thread.
 */
final class RunCreation {
    private static final Logger LOG = LoggerFactory.getLogger(RunCreation.class);

    private final EngineServices services;
    private final DagBag dagBag;
    private final Map<String, Instant> nextCheck = new ConcurrentHashMap<>();

    RunCreation(EngineServices services, DagBag dagBag) {
        this.services = services;
        this.dagBag = dagBag;
    }

    /** Looks at every DAG again at the next pass (after a trigger, a backfill step or a DAG folder change). */
    void checkAllSoon() {
        nextCheck.clear();
    }

    /** Looks at {@code dagId} again at the next pass (one of its runs finished, making room). */
    void checkSoon(String dagId) {
        nextCheck.remove(dagId);
    }

    /** The earliest time a DAG needs looking at again, or {@code latest} when that is earlier. */
    Instant nextCheckBefore(Instant latest) {
        Instant earliest = latest;
        for (Instant at : nextCheck.values()) {
            if (at.isBefore(earliest)) {
                earliest = at;
            }
        }
        return earliest;
    }

    /** Creates the due runs of the unpaused scheduled DAGs; returns whether it created any. */
    boolean createDueRuns(Instant now, Set<String> pausedDags) {
        boolean created = false;
        for (Dag dag : dagBag.dags().values()) {
            if (dag.timetable() == null || pausedDags.contains(dag.dagId())) {
                continue;
            }
            Instant checkAt = nextCheck.get(dag.dagId());
            if (checkAt != null && checkAt.isAfter(now)) {
                continue;
            }
            boolean[] any = new boolean[1];
            Instant next = services.store().inTransaction(session -> createDueRuns(session, dag, now, any));
            nextCheck.put(dag.dagId(), next);
            created |= any[0];
        }
        return created;
    }

    /** Creates the due runs of one DAG while it has room; returns when to look again. */
    private Instant createDueRuns(MetadataSession session, Dag dag, Instant now, boolean[] created) {
        int active = session.runs().count(dag.dagId(), DagRunState.RUNNING)
                + session.runs().count(dag.dagId(), DagRunState.QUEUED);
        while (true) {
            DataInterval last = session.runs()
                    .latestAutomated(dag.dagId())
                    .map(DagRunRecord::dataInterval)
                    .orElse(null);
            Optional<DataInterval> next =
                    dag.timetable().nextInterval(last, dag.startDate(), dag.endDate(), dag.catchup(), now);
            if (next.isEmpty()) {
                return Instant.MAX;
            }
            DataInterval interval = next.get();
            if (interval.end().isAfter(now)) {
                return interval.end();
            }
            if (active >= dag.maxActiveRuns()) {
                // Looked at again when one of its runs finishes.
                return now.plus(Duration.ofMinutes(1));
            }
            DagRunRecord run = new DagRunRecord(
                    0,
                    dag.dagId(),
                    RunType.SCHEDULED.runId(interval.start()),
                    interval.start(),
                    interval,
                    RunType.SCHEDULED,
                    DagRunState.QUEUED,
                    false,
                    "{}",
                    now,
                    null,
                    null,
                    null);
            try {
                session.runs().create(run);
            } catch (DuplicateRunException e) {
                LOG.warn("DAG {}: {}; the scheduled run for that interval is not created", dag.dagId(), e.getMessage());
                return now.plus(Duration.ofMinutes(1));
            }
            active++;
            created[0] = true;
        }
    }

    /**
     * Moves queued runs that {@code mayHandle} accepts to running while their DAG is under max_active_runs, oldest
     * logical date first; returns the runs it started.
     */
    List<DagRunRecord> startQueuedRuns(Instant now, Predicate<DagRunRecord> mayHandle) {
        return services.store().inTransaction(session -> {
            List<DagRunRecord> queued = session.runs().withState(DagRunState.QUEUED);
            List<DagRunRecord> promoted = new ArrayList<>();
            Map<String, Integer> running = new HashMap<>();
            for (DagRunRecord run : queued) {
                if (!mayHandle.test(run)) {
                    continue;
                }
                Dag dag = dagBag.find(run.dagId()).orElse(null);
                if (dag == null) {
                    continue;
                }
                int active = running.computeIfAbsent(
                        run.dagId(), id -> session.runs().count(id, DagRunState.RUNNING));
                if (active >= dag.maxActiveRuns()) {
                    continue;
                }
                Optional<DagRunRecord> locked = session.runs().lock(run.id());
                if (locked.isEmpty() || locked.get().state() != DagRunState.QUEUED) {
                    continue;
                }
                Optional<DagRunRecord> started =
                        session.apply(locked.get(), new RunEvent.Start(now)).map(DagRunRecord.RunTransitionOf::next);
                if (started.isPresent()) {
                    running.put(run.dagId(), active + 1);
                    promoted.add(started.get());
                }
            }
            return promoted;
        });
    }
}
