package io.weir.engine.ops;

import io.weir.core.ErrorCode;
import io.weir.core.WeirException;
import io.weir.core.dag.Dag;
import io.weir.core.dag.TaskSpec;
import io.weir.core.state.DagRunState;
import io.weir.core.state.RunDecision;
import io.weir.core.state.RunEvent;
import io.weir.core.state.RunRules;
import io.weir.core.state.TaskEffect;
import io.weir.core.state.TaskEvent;
import io.weir.core.state.TaskInstanceView;
import io.weir.core.state.TaskState;
import io.weir.engine.executor.TaskKey;
import io.weir.engine.scheduler.ChangeEffects;
import io.weir.store.DagRunRecord;
import io.weir.store.MetadataSession;
import io.weir.store.MetadataStore;
import io.weir.store.TaskInstanceRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Clearing and marking task instances, as operators do from the CLI. A running instance that is cleared or marked
 * is stopped by the job running it: at once when it runs in this process (through {@link ChangeEffects}), else
 * within a second, when that job's scheduler sweeps.
 */
public final class TaskInstanceChanges {
    private final MetadataStore store;
    private final ChangeEffects effects;

    public TaskInstanceChanges(MetadataStore store) {
        this(store, ChangeEffects.NONE);
    }

    /** @param effects told, once a change has committed, which tries to stop and which runs to decide again */
    public TaskInstanceChanges(MetadataStore store, ChangeEffects effects) {
        this.store = store;
        this.effects = effects;
    }

    /** The instances {@code request} would clear, without changing anything. */
    public List<TaskInstanceRecord> previewClear(Dag dag, ClearRequest request) {
        return store.inTransaction(session -> selectForClear(session, dag, request));
    }

    /**
     * Resets the chosen instances to none with fresh retries, so the scheduler runs them again, and puts their runs
     * back to running. Returns the instances as they were before.
     */
    public List<TaskInstanceRecord> clear(Dag dag, ClearRequest request, Instant now) {
        Effects applied = new Effects();
        List<TaskInstanceRecord> cleared = store.inTransaction(session -> {
            applied.clear();
            List<TaskInstanceRecord> chosen = selectForClear(session, dag, request);
            Set<String> runs = new LinkedHashSet<>();
            for (TaskInstanceRecord instance : chosen) {
                TaskSpec task = dag.task(instance.taskId());
                int retries = task == null ? 0 : task.retries();
                session.applyTransition(instance, new TaskEvent.Clear(retries)).ifPresent(applied::stopIfTaken);
                runs.add(instance.runId());
            }
            for (String runId : runs) {
                session.runs().find(dag.dagId(), runId).ifPresent(run -> {
                    session.apply(run, new RunEvent.Reopen(now));
                    applied.runs.add(run.id());
                });
            }
            return chosen;
        });
        applied.actOn(effects, "it was cleared");
        return cleared;
    }

    private List<TaskInstanceRecord> selectForClear(MetadataSession session, Dag dag, ClearRequest request) {
        Pattern pattern = compile(request.taskRegex());
        Set<String> tasks = new LinkedHashSet<>();
        for (String taskId : dag.tasks().keySet()) {
            if (pattern == null || pattern.matcher(taskId).find()) {
                tasks.add(taskId);
            }
        }
        if (tasks.isEmpty()) {
            throw new WeirException(
                    ErrorCode.TASK_NOT_FOUND,
                    "No task of DAG " + dag.dagId() + " matches '" + request.taskRegex() + "'; its tasks are "
                            + String.join(", ", dag.tasks().keySet()));
        }
        Set<String> selected = new LinkedHashSet<>(tasks);
        for (String taskId : tasks) {
            if (request.downstream()) {
                selected.addAll(dag.allDownstream(taskId));
            }
            if (request.upstream()) {
                selected.addAll(dag.allUpstream(taskId));
            }
        }
        List<DagRunRecord> runs;
        if (request.runId() != null) {
            runs = session.runs().find(dag.dagId(), request.runId()).stream().toList();
        } else {
            Instant from = request.start() == null ? Instant.EPOCH : request.start();
            Instant to = request.end() == null ? Instant.parse("9999-12-31T00:00:00Z") : request.end();
            runs = session.runs().between(dag.dagId(), from, to);
        }
        List<TaskInstanceRecord> chosen = new ArrayList<>();
        for (DagRunRecord run : runs) {
            for (TaskInstanceRecord instance : session.taskInstances().forRun(dag.dagId(), run.runId())) {
                if (!selected.contains(instance.taskId())) {
                    continue;
                }
                if (request.onlyFailed() && !instance.state().isFailedLike()) {
                    continue;
                }
                chosen.add(instance);
            }
        }
        chosen.sort(Comparator.comparing(TaskInstanceRecord::runId).thenComparing(TaskInstanceRecord::taskId));
        return chosen;
    }

    private static Pattern compile(String regex) {
        if (regex == null || regex.isEmpty()) {
            return null;
        }
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new WeirException(
                    ErrorCode.USER_INPUT, "'" + regex + "' is not a valid regular expression: " + e.getDescription());
        }
    }

    /**
     * Sets a task instance (and, if asked, its downstream and upstream instances in the same run) to success or
     * failed, then settles the run's state. Returns the instances changed, as they are now.
     */
    public List<TaskInstanceRecord> mark(
            Dag dag,
            DagRunRecord run,
            String taskId,
            TaskState state,
            boolean downstream,
            boolean upstream,
            Instant now) {
        if (state != TaskState.SUCCESS && state != TaskState.FAILED) {
            throw new WeirException(ErrorCode.USER_INPUT, "A task can be marked success or failed, not " + state);
        }
        Set<String> selected = selectForMark(dag, taskId, downstream, upstream);
        Effects applied = new Effects();
        List<TaskInstanceRecord> marked = store.inTransaction(session -> {
            applied.clear();
            session.runs().lock(run.id());
            List<TaskInstanceRecord> changed = new ArrayList<>();
            List<TaskInstanceRecord> instances = session.taskInstances().forRun(dag.dagId(), run.runId());
            for (TaskInstanceRecord instance : instances) {
                if (!selected.contains(instance.taskId()) || instance.state() == state) {
                    continue;
                }
                session.applyTransition(instance, new TaskEvent.Mark(state, now))
                        .ifPresent(transition -> {
                            applied.stopIfTaken(transition);
                            changed.add(transition.next());
                        });
            }
            settleRun(session, dag, run, now);
            applied.runs.add(run.id());
            return changed;
        });
        applied.actOn(effects, "it was marked " + state);
        return marked;
    }

    /** The instances {@link #mark} would change, as they are now, without changing anything. */
    public List<TaskInstanceRecord> previewMark(
            Dag dag, DagRunRecord run, String taskId, TaskState state, boolean downstream, boolean upstream) {
        Set<String> selected = selectForMark(dag, taskId, downstream, upstream);
        return store.inTransaction(session -> session.taskInstances().forRun(dag.dagId(), run.runId())).stream()
                .filter(instance -> selected.contains(instance.taskId()) && instance.state() != state)
                .sorted(Comparator.comparing(TaskInstanceRecord::taskId))
                .toList();
    }

    private static Set<String> selectForMark(Dag dag, String taskId, boolean downstream, boolean upstream) {
        if (dag.task(taskId) == null) {
            throw new WeirException(
                    ErrorCode.TASK_NOT_FOUND,
                    "DAG " + dag.dagId() + " has no task " + taskId + "; its tasks are "
                            + String.join(", ", dag.tasks().keySet()));
        }
        Set<String> selected = new LinkedHashSet<>();
        selected.add(taskId);
        if (downstream) {
            selected.addAll(dag.allDownstream(taskId));
        }
        if (upstream) {
            selected.addAll(dag.allUpstream(taskId));
        }
        return selected;
    }

    /** The effects of one change's transitions, acted on once it has committed. */
    private static final class Effects {
        private final Set<TaskKey> stopped = new LinkedHashSet<>();
        private final Set<Long> runs = new LinkedHashSet<>();

        /** Forgets what a transaction that is being run again collected. */
        void clear() {
            stopped.clear();
            runs.clear();
        }

        void stopIfTaken(TaskInstanceRecord.TaskTransitionOf transition) {
            if (transition.transition().has(TaskEffect.STOP_TRY)) {
                stopped.add(TaskKey.of(transition.next()));
            }
        }

        void actOn(ChangeEffects effects, String reason) {
            stopped.forEach(key -> effects.stopTry(key, reason));
            runs.forEach(effects::decideRun);
        }
    }

    /**
     * Sets a whole run's state, as Airflow's "mark run": success marks every instance success; failed marks every
     * unfinished instance failed; queued only puts the run back in the queue. Returns the run as it is now.
     */
    public DagRunRecord markRun(Dag dag, DagRunRecord run, DagRunState state, Instant now) {
        Effects applied = new Effects();
        DagRunRecord marked = store.inTransaction(session -> {
            applied.clear();
            session.runs().lock(run.id());
            for (TaskInstanceRecord instance : session.taskInstances().forRun(dag.dagId(), run.runId())) {
                boolean change =
                        switch (state) {
                            case SUCCESS -> instance.state() != TaskState.SUCCESS;
                            case FAILED -> !instance.state().isFinished();
                            case QUEUED, RUNNING -> false;
                        };
                if (change) {
                    TaskState target = state == DagRunState.SUCCESS ? TaskState.SUCCESS : TaskState.FAILED;
                    session.applyTransition(instance, new TaskEvent.Mark(target, now))
                            .ifPresent(applied::stopIfTaken);
                }
            }
            DagRunRecord current = session.runs().find(dag.dagId(), run.runId()).orElse(run);
            RunEvent event = state.isFinished() ? new RunEvent.Finish(state, now) : new RunEvent.Requeue(now);
            return session.apply(current, event)
                    .map(DagRunRecord.RunTransitionOf::next)
                    .orElse(current);
        });
        applied.actOn(effects, "its run was marked " + state);
        return marked;
    }

    /** Decides the run's state from its instances now: finished runs reopen when something can still run. */
    static void settleRun(MetadataSession session, Dag dag, DagRunRecord run, Instant now) {
        DagRunRecord current = session.runs().find(dag.dagId(), run.runId()).orElse(run);
        List<TaskInstanceView> views = new ArrayList<>();
        for (TaskInstanceRecord instance : session.taskInstances().forRun(dag.dagId(), run.runId())) {
            views.add(new TaskInstanceView(
                    instance.taskId(), instance.state(), instance.tryNumber(), instance.nextRetryAt()));
        }
        RunDecision decision = RunRules.decide(dag, views, null, now);
        if (decision.runState() != null) {
            session.apply(current, new RunEvent.Finish(decision.runState(), now));
        } else if (current.state().isFinished()) {
            session.apply(current, new RunEvent.Reopen(now));
        }
    }
}
