package io.weir.engine.ops;

import io.weir.core.ErrorCode;
import io.weir.core.WeirException;
import io.weir.core.dag.Dag;
import io.weir.core.dag.TaskSpec;
import io.weir.core.state.DagRunState;
import io.weir.core.state.RunDecision;
import io.weir.core.state.RunRules;
import io.weir.core.state.TaskEvent;
import io.weir.core.state.TaskInstanceView;
import io.weir.core.state.TaskState;
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
 * is stopped by the job running it, which notices within a second.
 */
public final class TaskInstanceChanges {
    private final MetadataStore store;

    public TaskInstanceChanges(MetadataStore store) {
        this.store = store;
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
        return store.inTransaction(session -> {
            List<TaskInstanceRecord> chosen = selectForClear(session, dag, request);
            Set<String> runs = new LinkedHashSet<>();
            for (TaskInstanceRecord instance : chosen) {
                TaskSpec task = dag.task(instance.taskId());
                int retries = task == null ? 0 : task.retries();
                session.apply(instance, new TaskEvent.Clear(retries));
                runs.add(instance.runId());
            }
            for (String runId : runs) {
                session.runs().find(dag.dagId(), runId).ifPresent(run -> {
                    if (run.state() != DagRunState.RUNNING) {
                        DagRunRecord reopened = run.withState(
                                DagRunState.RUNNING, run.startDate() == null ? now : run.startDate(), null);
                        session.runs().update(reopened);
                    }
                });
            }
            return chosen;
        });
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
        return store.inTransaction(session -> {
            session.runs().lock(run.id());
            List<TaskInstanceRecord> changed = new ArrayList<>();
            List<TaskInstanceRecord> instances = session.taskInstances().forRun(dag.dagId(), run.runId());
            for (TaskInstanceRecord instance : instances) {
                if (!selected.contains(instance.taskId()) || instance.state() == state) {
                    continue;
                }
                session.apply(instance, new TaskEvent.Mark(state, now)).ifPresent(changed::add);
            }
            settleRun(session, dag, run, now);
            return changed;
        });
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

    /** Decides the run's state from its instances now: finished runs reopen when something can still run. */
    static void settleRun(MetadataSession session, Dag dag, DagRunRecord run, Instant now) {
        DagRunRecord current = session.runs().find(dag.dagId(), run.runId()).orElse(run);
        List<TaskInstanceView> views = new ArrayList<>();
        for (TaskInstanceRecord instance : session.taskInstances().forRun(dag.dagId(), run.runId())) {
            views.add(new TaskInstanceView(
                    instance.taskId(), instance.state(), instance.tryNumber(), instance.nextRetryAt()));
        }
        RunDecision decision = RunRules.decide(dag, views, null, now);
        if (decision.runState() != null && decision.runState() != current.state()) {
            session.runs().update(current.withState(decision.runState(), current.startDate(), now));
        } else if (decision.runState() == null && current.state().isFinished()) {
            session.runs().update(current.withState(DagRunState.RUNNING, current.startDate(), null));
        }
    }
}
