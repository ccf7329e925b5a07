package io.weir.engine.ops;

import io.weir.core.ErrorCode;
import io.weir.core.WeirException;
import io.weir.core.dag.Dag;
import io.weir.core.schedule.DataInterval;
import io.weir.core.state.DagRunState;
import io.weir.core.state.RunEvent;
import io.weir.core.state.RunType;
import io.weir.core.state.TaskState;
import io.weir.engine.EngineServices;
import io.weir.engine.dagbag.DagBag;
import io.weir.engine.executor.ExecutorFactory;
import io.weir.engine.scheduler.Scheduler;
import io.weir.engine.scheduler.SchedulerListener;
import io.weir.engine.scheduler.SchedulerScope;
import io.weir.store.DagRunRecord;
import io.weir.store.TaskInstanceRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Runs a DAG for every interval in a range, in logical-date order, within max_active_runs, in this process (as
 * Airflow's backfill job does). Paused DAGs are backfilled too. A run that already succeeded is kept; with
 * {@code --reset-dagruns} existing runs are cleared and run again; with {@code --rerun-failed-tasks} the failed
 * instances of failed runs are.
 */
public final class Backfill {
    private static final Duration PROGRESS_INTERVAL = Duration.ofMillis(500);

    private final EngineServices services;
    private final DagBag dagBag;
    private final ExecutorFactory executors;

    public Backfill(EngineServices services, DagBag dagBag, ExecutorFactory executors) {
        this.services = services;
        this.dagBag = dagBag;
        this.executors = executors;
    }

    /** The intervals the range covers, for {@code --dry-run} and confirmation. */
    public List<DataInterval> plan(Dag dag, BackfillRequest request) {
        if (dag.timetable() == null) {
            throw new WeirException(
                    ErrorCode.USER_INPUT,
                    "DAG " + dag.dagId()
                            + " has no schedule, so it has no intervals to backfill; use `weir dags trigger "
                            + dag.dagId() + " -e DATE` for a run at a given date");
        }
        if (request.end().isBefore(request.start())) {
            throw new WeirException(
                    ErrorCode.USER_INPUT,
                    "The backfill's end " + request.end() + " is before its start " + request.start());
        }
        return dag.timetable().intervalsBetween(request.start(), request.end());
    }

    /** Runs the backfill to completion; returns its runs as they ended. */
    public List<DagRunRecord> run(Dag dag, BackfillRequest request, Consumer<BackfillProgress> progress) {
        Deque<DataInterval> pending = new ArrayDeque<>(plan(dag, request));
        int total = pending.size();
        AtomicBoolean runFinished = new AtomicBoolean();
        SchedulerListener listener = new SchedulerListener() {
            @Override
            public void runFinished(DagRunRecord run) {
                runFinished.set(true);
            }
        };
        Map<Long, DagRunRecord> ours = new LinkedHashMap<>();
        List<DagRunRecord> kept = new ArrayList<>();
        try (Scheduler scheduler =
                new Scheduler(services, dagBag, SchedulerScope.OWNED, "backfill", listener, executors)) {
            long jobId = scheduler.start();
            Instant lastProgress = Instant.MIN;
            while (true) {
                int active = activeRuns(dag.dagId());
                while (!pending.isEmpty() && active < dag.maxActiveRuns()) {
                    DataInterval interval = pending.pop();
                    DagRunRecord run = claim(dag, interval, request, jobId);
                    if (run.state().isFinished()) {
                        kept.add(run);
                    } else {
                        ours.put(run.id(), run);
                        scheduler.markDirty(run.id());
                        active++;
                    }
                }
                scheduler.runsChanged();
                BackfillProgress now = progress(dag, total, ours, kept);
                if (Duration.between(lastProgress, services.clock().instant()).compareTo(PROGRESS_INTERVAL) >= 0
                        || now.runsFinished() == total) {
                    progress.accept(now);
                    lastProgress = services.clock().instant();
                }
                if (now.runsFinished() == total) {
                    break;
                }
                runFinished.set(false);
                Instant until =
                        services.clock().instant().plus(pending.isEmpty() ? PROGRESS_INTERVAL : request.delayOnLimit());
                scheduler.runUntil(
                        () -> runFinished.get() || !services.clock().instant().isBefore(until));
            }
        }
        // The runs are ordinary runs from now on: any scheduler may take them up again (after a clear, say).
        services.store().useTransaction(session -> ours.keySet()
                .forEach(id -> session.runs().setOwner(id, null)));
        List<DagRunRecord> result = new ArrayList<>(kept);
        result.addAll(services.store().inTransaction(session -> {
            List<DagRunRecord> ended = new ArrayList<>();
            for (DagRunRecord run : ours.values()) {
                session.runs().find(run.dagId(), run.runId()).ifPresent(ended::add);
            }
            return ended;
        }));
        result.sort(java.util.Comparator.comparing(DagRunRecord::logicalDate));
        return result;
    }

    private int activeRuns(String dagId) {
        return services.store()
                .inTransaction(session -> session.runs().count(dagId, DagRunState.RUNNING)
                        + session.runs().count(dagId, DagRunState.QUEUED));
    }

    /** The run for one interval, owned by this backfill's job; an already finished run is returned as it is. */
    private DagRunRecord claim(Dag dag, DataInterval interval, BackfillRequest request, long jobId) {
        Instant now = services.clock().instant();
        DagRunRecord existing = services.store()
                .inTransaction(session -> session.runs().findByLogicalDate(dag.dagId(), interval.start()))
                .orElse(null);
        TaskInstanceChanges changes = new TaskInstanceChanges(services.store());
        if (existing == null) {
            DagRunRecord run =
                    DagRuns.newRun(dag, RunType.BACKFILL, interval.start(), DagRunState.RUNNING, "{}", now, jobId);
            return services.store().inTransaction(session -> session.runs().create(run));
        }
        boolean rerun = request.resetDagRuns()
                || (request.rerunFailedTasks() && existing.state() == DagRunState.FAILED)
                || !existing.state().isFinished();
        if (!rerun) {
            return existing;
        }
        if (request.resetDagRuns()) {
            changes.clear(dag, ClearRequest.wholeRun(dag.dagId(), existing.runId()), now);
        } else if (existing.state() == DagRunState.FAILED) {
            changes.clear(
                    dag, new ClearRequest(dag.dagId(), null, null, null, existing.runId(), true, false, false), now);
        }
        return services.store().inTransaction(session -> {
            session.runs().setOwner(existing.id(), jobId);
            DagRunRecord current =
                    session.runs().find(dag.dagId(), existing.runId()).orElseThrow();
            return session.apply(current, new RunEvent.Reopen(now))
                    .map(DagRunRecord.RunTransitionOf::next)
                    .orElse(current);
        });
    }

    private BackfillProgress progress(Dag dag, int total, Map<Long, DagRunRecord> ours, List<DagRunRecord> kept) {
        return services.store().inTransaction(session -> {
            int succeeded = 0;
            int failed = 0;
            Map<TaskState, Integer> states = new EnumMap<>(TaskState.class);
            List<DagRunRecord> all = new ArrayList<>(kept);
            all.addAll(ours.values());
            for (DagRunRecord run : all) {
                DagRunRecord current =
                        session.runs().find(dag.dagId(), run.runId()).orElse(run);
                if (current.state() == DagRunState.SUCCESS) {
                    succeeded++;
                } else if (current.state() == DagRunState.FAILED) {
                    failed++;
                }
                for (TaskInstanceRecord instance : session.taskInstances().forRun(dag.dagId(), run.runId())) {
                    states.merge(instance.state(), 1, Integer::sum);
                }
            }
            return new BackfillProgress(total, succeeded, failed, states);
        });
    }
}
