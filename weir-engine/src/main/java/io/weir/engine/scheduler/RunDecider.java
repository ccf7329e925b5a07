package io.weir.engine.scheduler;

import io.weir.core.dag.Dag;
import io.weir.core.state.DagRunState;
import io.weir.core.state.PreviousRun;
import io.weir.core.state.RunDecision;
import io.weir.core.state.RunEffect;
import io.weir.core.state.RunEvent;
import io.weir.core.state.RunRules;
import io.weir.core.state.TaskEvent;
import io.weir.core.state.TaskInstanceView;
import io.weir.core.state.TaskState;
import io.weir.engine.EngineServices;
import io.weir.engine.dagbag.DagBag;
import io.weir.engine.executor.Dispatch;
import io.weir.engine.executor.TaskKey;
import io.weir.engine.executor.TryClaims;
import io.weir.store.DagRunRecord;
import io.weir.store.MetadataSession;
import io.weir.store.TaskInstanceRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides runs by the trigger rules: creates a run's missing instances, moves each to the state the rules give it,
 * and ends the run when its leaves have settled. Runs are locked while they are decided, so several schedulers (and
 * the worker threads of one) never decide the same run at once.
 */
final class RunDecider {
    private final EngineServices services;
    private final DagBag dagBag;
    private final SchedulerState state;
    private final Dispatcher dispatcher;
    private final RunCreation runCreation;
    private final SchedulerListener listener;
    private final TryClaims claims;

    RunDecider(
            EngineServices services,
            DagBag dagBag,
            SchedulerState state,
            Dispatcher dispatcher,
            RunCreation runCreation,
            SchedulerListener listener) {
        this.services = services;
        this.dagBag = dagBag;
        this.state = state;
        this.dispatcher = dispatcher;
        this.runCreation = runCreation;
        this.listener = listener;
        this.claims = new TryClaims(services.hostname());
    }

    /**
     * What deciding a run readied: instances now scheduled (to queue once the transaction commits) and, when asked,
     * one ready instance claimed at once (running) for the calling worker.
     */
    record Decided(List<Dispatch> scheduled, Optional<Dispatch> claimed) {}

    /**
     * Decides the runs marked dirty and, on a sweep, every running run this scheduler handles that was not decided
     * within the last two sweep intervals (what other processes changed); their newly scheduled instances go to the
     * backlog once the decisions commit.
     */
    void decideRuns(boolean sweep, Duration sweepInterval, Instant now) {
        if (!sweep && !state.hasDirtyRuns()) {
            return;
        }
        Set<Long> dirty = state.takeDirtyRuns();
        List<Runnable> afterCommit = new ArrayList<>();
        if (sweep) {
            // The sweep catches what other processes changed; runs decided a moment ago need no second look.
            Instant recent = now.minus(sweepInterval.multipliedBy(2));
            for (DagRunRecord run :
                    services.store().inTransaction(session -> session.runs().withState(DagRunState.RUNNING))) {
                Instant decided = state.lastDecided(run.id());
                if (state.mayHandle(run) && (decided == null || decided.isBefore(recent))) {
                    dirty.add(run.id());
                }
            }
        }
        services.store().useTransaction(session -> {
            List<DagRunRecord> runs = new ArrayList<>();
            for (long id : dirty) {
                session.runs()
                        .lock(id)
                        .filter(run -> run.state() == DagRunState.RUNNING && state.mayHandle(run))
                        .ifPresent(runs::add);
            }
            for (DagRunRecord run : runs) {
                List<Dispatch> scheduled =
                        decideRun(session, run, now, afterCommit, null).scheduled();
                if (!scheduled.isEmpty()) {
                    afterCommit.add(() -> dispatcher.addToBacklog(scheduled));
                }
            }
        });
        afterCommit.forEach(Runnable::run);
    }

    /**
     * Decides one locked run. With {@code reserved} (a finishing try's), the first ready instance the limits allow
     * goes straight to running for the calling worker, and its key is added to {@code reserved} for the caller to
     * settle once the transaction has ended. {@code afterCommit} collects what to do once the decision commits.
     */
    Decided decideRun(
            MetadataSession session,
            DagRunRecord run,
            Instant now,
            List<Runnable> afterCommit,
            List<TaskKey> reserved) {
        Dag dag = dagBag.find(run.dagId()).orElse(null);
        List<Dispatch> scheduled = new ArrayList<>();
        if (dag == null) {
            return new Decided(scheduled, Optional.empty());
        }
        state.decided(run.id(), now);
        List<TaskInstanceRecord> instances = session.taskInstances().forRun(run.dagId(), run.runId());
        PreviousRun previous = previousRun(session, dag, run);
        RunDecision decision = RunRules.decide(dag, views(instances), previous, now);
        Map<String, TaskInstanceRecord> byTask = new HashMap<>();
        instances.forEach(instance -> byTask.put(instance.taskId(), instance));
        if (!decision.missing().isEmpty()) {
            Map<String, TaskInstanceRecord> created = new LinkedHashMap<>();
            Map<String, Integer> weights = dag.effectivePriorityWeights();
            for (String taskId : decision.missing()) {
                created.put(taskId, Scheduler.newInstance(dag, run, dag.task(taskId), weights.get(taskId)));
            }
            instances = new ArrayList<>(instances);
            instances.addAll(created.values());
            decision = RunRules.decide(dag, views(instances), previous, now);
            // New instances are written in the state just decided for them: one insert each instead of an insert and
            // an update, which in one large transaction (a run of thousands of tasks) H2 makes quadratic.
            List<TaskInstanceRecord> inserted = new ArrayList<>();
            for (TaskInstanceRecord instance : created.values()) {
                TaskState decided = decision.transitions().get(instance.taskId());
                TaskInstanceRecord row = decided == null ? instance : decided(instance, decided, now);
                inserted.add(row);
                byTask.put(row.taskId(), row);
                if (decided == TaskState.SCHEDULED) {
                    scheduled.add(new Dispatch(dag, run, row));
                } else if (decided == TaskState.UPSTREAM_FAILED
                        || decided == TaskState.SKIPPED
                        || decided == TaskState.REMOVED) {
                    afterCommit.add(() -> listener.taskDecided(row));
                }
            }
            session.taskInstances().insertAll(inserted);
        }
        List<TaskInstanceRecord> ready = new ArrayList<>();
        for (Map.Entry<String, TaskState> transition : decision.transitions().entrySet()) {
            TaskInstanceRecord current = byTask.get(transition.getKey());
            if (current.state() == transition.getValue()) {
                continue;
            }
            if (transition.getValue() == TaskState.SCHEDULED) {
                ready.add(current);
                continue;
            }
            Optional<TaskInstanceRecord> written =
                    session.apply(current, new TaskEvent.Decide(transition.getValue(), now));
            if (written.isPresent()) {
                TaskInstanceRecord next = written.get();
                byTask.put(next.taskId(), next);
                switch (next.state()) {
                    case UPSTREAM_FAILED, SKIPPED, REMOVED -> afterCommit.add(() -> listener.taskDecided(next));
                    default -> {}
                }
            }
        }
        Optional<Dispatch> claimed = schedule(session, dag, run, ready, now, reserved, byTask, scheduled);
        if (decision.wakeAt() != null) {
            state.replaceWakeUp(run.id(), decision.wakeAt());
        }
        if (decision.runState() != null) {
            finish(session, run, decision.runState(), endOf(byTask.values(), now), afterCommit);
        }
        return new Decided(scheduled, claimed);
    }

    /**
     * Schedules the ready instances, highest priority first; with {@code reserved}, the first one the limits allow is
     * claimed for the calling worker instead. Returns that claim.
     */
    private Optional<Dispatch> schedule(
            MetadataSession session,
            Dag dag,
            DagRunRecord run,
            List<TaskInstanceRecord> ready,
            Instant now,
            List<TaskKey> reserved,
            Map<String, TaskInstanceRecord> byTask,
            List<Dispatch> scheduled) {
        ready.sort(Comparator.comparingInt((TaskInstanceRecord instance) -> -instance.priorityWeight())
                .thenComparing(TaskInstanceRecord::taskId));
        Optional<Dispatch> claimed = Optional.empty();
        boolean mayClaim = reserved != null && !state.stopping();
        for (TaskInstanceRecord current : ready) {
            TaskInstanceRecord next = decided(current, TaskState.SCHEDULED, now);
            if (mayClaim && claimed.isEmpty()) {
                if (!dispatcher.reserve(session, new Dispatch(dag, run, next))) {
                    // The limits are reached: the rest go to the backlog, without counting again for each.
                    mayClaim = false;
                } else {
                    // Straight to running on the calling worker: one write instead of scheduled, then running.
                    TaskKey key = TaskKey.of(next);
                    reserved.add(key);
                    Optional<TaskInstanceRecord> running =
                            claims.claimIn(session, current, dag.task(current.taskId()), state.jobId(), now);
                    if (running.isPresent()) {
                        byTask.put(current.taskId(), running.get());
                        claimed = Optional.of(new Dispatch(dag, run, running.get()));
                        continue;
                    }
                    dispatcher.release(key);
                    reserved.remove(key);
                }
            }
            Optional<TaskInstanceRecord> written =
                    session.apply(current, new TaskEvent.Decide(TaskState.SCHEDULED, now));
            if (written.isPresent()) {
                byTask.put(next.taskId(), written.get());
                scheduled.add(new Dispatch(dag, run, written.get()));
            }
        }
        return claimed;
    }

    /**
     * When a run that ends now ended: never before its last instance did. {@code now} was read before this decision
     * read the instances, and a worker may have recorded an end with a later clock reading in between.
     */
    static Instant endOf(Collection<TaskInstanceRecord> instances, Instant now) {
        Instant end = now;
        for (TaskInstanceRecord instance : instances) {
            if (instance.endDate() != null && instance.endDate().isAfter(end)) {
                end = instance.endDate();
            }
        }
        return end;
    }

    /** Ends the run as the trigger rules decided, and acts on the transition's effects once it commits. */
    private void finish(
            MetadataSession session, DagRunRecord run, DagRunState outcome, Instant now, List<Runnable> afterCommit) {
        session.apply(run, new RunEvent.Finish(outcome, now)).ifPresent(transition -> {
            state.forget(run.id());
            if (transition.transition().has(RunEffect.RUN_FINISHED)) {
                // Its DAG has room for one more active run: queued runs may start and due runs be created.
                runCreation.checkSoon(run.dagId());
                state.promotionNeeded();
                DagRunRecord finished = transition.next();
                afterCommit.add(() -> listener.runFinished(finished));
            }
        });
    }

    private PreviousRun previousRun(MetadataSession session, Dag dag, DagRunRecord run) {
        boolean needed =
                dag.tasks().values().stream().anyMatch(task -> task.dependsOnPast() || task.waitForDownstream());
        if (!needed) {
            return null;
        }
        Optional<DagRunRecord> previous = session.runs().previous(dag.dagId(), run.logicalDate());
        if (previous.isEmpty()) {
            return null;
        }
        Map<String, TaskState> states = new HashMap<>();
        for (TaskInstanceRecord instance :
                session.taskInstances().forRun(dag.dagId(), previous.get().runId())) {
            states.put(instance.taskId(), instance.state());
        }
        return new PreviousRun(states, previous.get().state().isFinished());
    }

    private static List<TaskInstanceView> views(List<TaskInstanceRecord> instances) {
        List<TaskInstanceView> views = new ArrayList<>(instances.size());
        for (TaskInstanceRecord instance : instances) {
            views.add(new TaskInstanceView(
                    instance.taskId(), instance.state(), instance.tryNumber(), instance.nextRetryAt()));
        }
        return views;
    }

    /** {@code current} as the trigger rules decided it, not yet written. */
    private static TaskInstanceRecord decided(TaskInstanceRecord current, TaskState state, Instant now) {
        return current.transition(new TaskEvent.Decide(state, now))
                .orElseThrow(() -> new IllegalStateException(
                        "task " + current.taskId() + " cannot go from " + current.state() + " to " + state))
                .next();
    }
}
