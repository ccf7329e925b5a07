package io.weir.engine.ops;

import io.weir.core.dag.Dag;
import io.weir.core.state.DagRunState;
import io.weir.core.state.RunEvent;
import io.weir.core.state.RunType;
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
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code dags test}: runs a whole DAG once in this process, without the scheduler loop of a server, and records the
 * run like any other. A run already at that logical date is cleared and run again. Paused DAGs run too.
 */
public final class DagTest {
    private final EngineServices services;
    private final DagBag dagBag;
    private final ExecutorFactory executors;

    public record Result(DagRunRecord run, List<TaskInstanceRecord> instances) {
        public boolean succeeded() {
            return run.state() == DagRunState.SUCCESS;
        }
    }

    public DagTest(EngineServices services, DagBag dagBag, ExecutorFactory executors) {
        this.services = services;
        this.dagBag = dagBag;
        this.executors = executors;
    }

    public Result run(Dag dag, Instant logicalDate, SchedulerListener listener) {
        AtomicBoolean done = new AtomicBoolean();
        SchedulerListener watching = new SchedulerListener() {
            @Override
            public void taskFinished(TaskInstanceRecord instance) {
                listener.taskFinished(instance);
            }

            @Override
            public void taskDecided(TaskInstanceRecord instance) {
                listener.taskDecided(instance);
            }

            @Override
            public void runFinished(DagRunRecord run) {
                listener.runFinished(run);
                done.set(true);
            }

            @Override
            public void loopFinished(Duration took) {
                listener.loopFinished(took);
            }
        };
        DagRunRecord run;
        try (Scheduler scheduler = new Scheduler(services, dagBag, SchedulerScope.OWNED, "test", watching, executors)) {
            long jobId = scheduler.start();
            run = prepare(dag, logicalDate, jobId);
            scheduler.runsChanged();
            scheduler.markDirty(run.id());
            scheduler.runUntil(done::get);
        }
        // The run is an ordinary run from now on: any scheduler may take it up again (after a clear, say).
        long runId = run.id();
        services.store().useTransaction(session -> session.runs().setOwner(runId, null));
        DagRunRecord finished = run;
        return services.store().inTransaction(session -> {
            DagRunRecord current =
                    session.runs().find(dag.dagId(), finished.runId()).orElse(finished);
            List<TaskInstanceRecord> instances = session.taskInstances().forRun(dag.dagId(), finished.runId()).stream()
                    .sorted(Comparator.comparing(instance -> order(dag, instance.taskId())))
                    .toList();
            return new Result(current, instances);
        });
    }

    private static int order(Dag dag, String taskId) {
        int index = 0;
        for (String id : dag.tasks().keySet()) {
            if (id.equals(taskId)) {
                return index;
            }
            index++;
        }
        return index;
    }

    private DagRunRecord prepare(Dag dag, Instant logicalDate, long jobId) {
        Instant now = services.clock().instant();
        Optional<DagRunRecord> existing =
                services.store().inTransaction(session -> session.runs().findByLogicalDate(dag.dagId(), logicalDate));
        if (existing.isEmpty()) {
            DagRunRecord run = DagRuns.newRun(dag, RunType.MANUAL, logicalDate, DagRunState.RUNNING, "{}", now, jobId);
            return services.store().inTransaction(session -> session.runs().create(run));
        }
        new TaskInstanceChanges(services.store())
                .clear(dag, ClearRequest.wholeRun(dag.dagId(), existing.get().runId()), now);
        return services.store().inTransaction(session -> {
            session.runs().setOwner(existing.get().id(), jobId);
            DagRunRecord current =
                    session.runs().find(dag.dagId(), existing.get().runId()).orElseThrow();
            return session.apply(current, new RunEvent.Reopen(now))
                    .map(DagRunRecord.RunTransitionOf::next)
                    .orElse(current);
        });
    }
}
