package io.weir.engine.ops;

import io.weir.core.ErrorCode;
import io.weir.core.WeirException;
import io.weir.core.dag.Dag;
import io.weir.core.dag.TaskSpec;
import io.weir.core.state.TaskEvent;
import io.weir.core.state.TaskState;
import io.weir.core.state.TriggerOutcome;
import io.weir.core.state.TriggerRules;
import io.weir.engine.EngineServices;
import io.weir.engine.runner.RunningTry;
import io.weir.engine.runner.TaskRunner;
import io.weir.engine.scheduler.Scheduler;
import io.weir.store.DagRunRecord;
import io.weir.store.TaskInstanceRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code tasks run}: one task instance of an existing run, in this process. Refuses an instance that already ran
 * unless forced, and one whose dependencies are not met unless told to ignore them.
 *
 * @see Options
 */
public final class TaskRun {
    private final EngineServices services;

    /**
     * @param force run even if the instance already succeeded or failed ({@code -f})
     * @param ignoreAllDependencies ignore upstream state, depends_on_past and pools ({@code -A})
     * @param ignoreDependencies ignore upstream state and depends_on_past ({@code -i})
     */
    public record Options(boolean force, boolean ignoreAllDependencies, boolean ignoreDependencies) {}

    public TaskRun(EngineServices services) {
        this.services = services;
    }

    public TaskInstanceRecord run(Dag dag, DagRunRecord run, String taskId, Options options) {
        TaskSpec task = dag.task(taskId);
        if (task == null) {
            throw new WeirException(
                    ErrorCode.TASK_NOT_FOUND,
                    "DAG " + dag.dagId() + " has no task " + taskId + "; its tasks are "
                            + String.join(", ", dag.tasks().keySet()));
        }
        Instant now = services.clock().instant();
        long jobId = services.store().inTransaction(session -> session.jobs()
                .start("task", services.hostname(), ProcessHandle.current().pid(), now));
        TaskRunner runner = new TaskRunner(services);
        try {
            TaskInstanceRecord queued = claim(dag, run, task, options, jobId, now);
            RunningTry attempt = new RunningTry();
            Thread hook = new Thread(() -> {
                attempt.cancel("the command was interrupted");
                // The JVM exits when this hook returns: let the try's processes be ended first.
                attempt.awaitKills(java.time.Duration.ofSeconds(10));
            });
            Runtime.getRuntime().addShutdownHook(hook);
            // Heartbeats tell schedulers this job is alive; a clear or mark from elsewhere stops the try.
            ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "weir-task-heartbeat");
                thread.setDaemon(true);
                return thread;
            });
            long period = services.settings().heartbeat().toMillis();
            heartbeat.scheduleAtFixedRate(() -> beat(jobId, queued, attempt), period, period, TimeUnit.MILLISECONDS);
            Optional<TaskInstanceRecord> finished;
            try {
                finished = runner.run(dag, run, queued, jobId, attempt);
            } finally {
                heartbeat.shutdown();
                attempt.finish();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // The hook is running: nothing to remove.
                }
            }
            services.store().useTransaction(session -> {
                session.runs().lock(run.id());
                TaskInstanceChanges.settleRun(
                        session, dag, run, services.clock().instant());
            });
            return finished.orElseGet(() -> services.store()
                    .inTransaction(session -> session.taskInstances().find(dag.dagId(), run.runId(), taskId))
                    .orElseThrow());
        } finally {
            services.store().useTransaction(session -> session.jobs()
                    .finish(jobId, services.clock().instant()));
            runner.forgetProcesses(jobId);
            runner.close();
        }
    }

    private void beat(long jobId, TaskInstanceRecord queued, RunningTry attempt) {
        try {
            boolean stillOurs = services.store().inTransaction(session -> {
                session.jobs().heartbeat(jobId, services.clock().instant());
                return session.taskInstances().activeForJobs(List.of(jobId)).stream()
                        .anyMatch(instance -> instance.taskId().equals(queued.taskId())
                                && instance.runId().equals(queued.runId()));
            });
            if (!stillOurs) {
                attempt.cancel("its state was changed by another process (cleared or marked)");
            }
        } catch (RuntimeException e) {
            // A missed heartbeat only matters after the zombie threshold; the next one may succeed.
        }
    }

    private TaskInstanceRecord claim(
            Dag dag, DagRunRecord run, TaskSpec task, Options options, long jobId, Instant now) {
        return services.store().inTransaction(session -> {
            session.runs().lock(run.id());
            TaskInstanceRecord current = session.taskInstances()
                    .find(dag.dagId(), run.runId(), task.taskId())
                    .orElse(null);
            if (current == null) {
                current = Scheduler.newInstance(
                        dag, run, task, dag.effectivePriorityWeights().get(task.taskId()));
                session.taskInstances().insertAll(List.of(current));
            }
            String where = "Task " + task.taskId() + " of DAG " + dag.dagId() + " in run " + run.runId();
            switch (current.state()) {
                case RUNNING, QUEUED -> throw new WeirException(
                        ErrorCode.USER_INPUT, where + " is " + current.state() + " now; wait for it or clear it first");
                case SUCCESS, FAILED, SKIPPED, UPSTREAM_FAILED, REMOVED -> {
                    if (!options.force()) {
                        throw new WeirException(
                                ErrorCode.USER_INPUT,
                                where + " already ran (state " + current.state() + "); add -f to run it again");
                    }
                }
                case NONE, SCHEDULED, UP_FOR_RETRY, UP_FOR_RESCHEDULE -> {}
            }
            if (!options.ignoreAllDependencies() && !options.ignoreDependencies()) {
                checkUpstream(session.taskInstances().forRun(dag.dagId(), run.runId()), dag, task, where);
                checkPast(session, dag, run, task, where);
            }
            TaskInstanceRecord queued = session.apply(
                            current, new TaskEvent.Queue(now, task.type(), services.hostname(), jobId))
                    .orElseThrow(
                            () -> new WeirException(ErrorCode.USER_INPUT, where + " changed meanwhile; try again"));
            return queued;
        });
    }

    private static void checkUpstream(List<TaskInstanceRecord> instances, Dag dag, TaskSpec task, String where) {
        Map<String, TaskState> states = new HashMap<>();
        instances.forEach(instance -> states.put(instance.taskId(), instance.state()));
        List<TaskState> upstream = new ArrayList<>();
        for (String id : task.upstream()) {
            upstream.add(states.getOrDefault(id, TaskState.NONE));
        }
        TriggerOutcome outcome = TriggerRules.evaluate(task.triggerRule(), upstream);
        if (outcome != TriggerOutcome.RUN) {
            throw new WeirException(
                    ErrorCode.USER_INPUT,
                    where + " cannot run: its trigger rule " + task.triggerRule() + " is not met by its upstream "
                            + describe(task, states) + "; add -i to ignore dependencies");
        }
    }

    private static String describe(TaskSpec task, Map<String, TaskState> states) {
        List<String> parts = new ArrayList<>();
        for (String id : task.upstream()) {
            parts.add(id + "=" + states.getOrDefault(id, TaskState.NONE));
        }
        return String.join(", ", parts);
    }

    private static void checkPast(
            io.weir.store.MetadataSession session, Dag dag, DagRunRecord run, TaskSpec task, String where) {
        if (!task.dependsOnPast()) {
            return;
        }
        session.runs().previous(dag.dagId(), run.logicalDate()).ifPresent(previous -> {
            TaskState state = session.taskInstances()
                    .find(dag.dagId(), previous.runId(), task.taskId())
                    .map(TaskInstanceRecord::state)
                    .orElse(TaskState.SUCCESS);
            if (!state.isSuccessLike()) {
                throw new WeirException(
                        ErrorCode.USER_INPUT,
                        where + " depends on its past, and in the previous run " + previous.runId() + " it is " + state
                                + "; add -i to ignore dependencies");
            }
        });
    }
}
