package io.weir.engine.scheduler;

import io.weir.core.dag.DagFileError;
import io.weir.store.DagRunRecord;
import io.weir.store.TaskInstanceRecord;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Several subscribers (console, metrics, live pages) hearing one scheduler, each in turn. */
public final class SchedulerListeners {
    private static final Logger LOG = LoggerFactory.getLogger(SchedulerListeners.class);

    private SchedulerListeners() {}

    /** One listener that tells each of {@code listeners}, in order. */
    public static SchedulerListener fanOut(List<SchedulerListener> listeners) {
        List<SchedulerListener> all = List.copyOf(listeners);
        return new SchedulerListener() {
            @Override
            public void taskStarted(TaskInstanceRecord instance) {
                all.forEach(listener -> listener.taskStarted(instance));
            }

            @Override
            public void taskFinished(TaskInstanceRecord instance) {
                all.forEach(listener -> listener.taskFinished(instance));
            }

            @Override
            public void taskDecided(TaskInstanceRecord instance) {
                all.forEach(listener -> listener.taskDecided(instance));
            }

            @Override
            public void runFinished(DagRunRecord run) {
                all.forEach(listener -> listener.runFinished(run));
            }

            @Override
            public void importErrorsChanged(List<DagFileError> errors) {
                all.forEach(listener -> listener.importErrorsChanged(errors));
            }

            @Override
            public void loopFinished(Duration took) {
                all.forEach(listener -> listener.loopFinished(took));
            }
        };
    }

    /**
     * {@code listener} with each call guarded: a listener that fails (a console that cannot print) costs one log
     * line, never a worker thread or a state change already committed.
     */
    public static SchedulerListener guarded(SchedulerListener listener) {
        return new SchedulerListener() {
            @Override
            public void taskFinished(TaskInstanceRecord instance) {
                call(() -> listener.taskFinished(instance), "the end of task " + instance.taskId());
            }

            @Override
            public void taskDecided(TaskInstanceRecord instance) {
                call(() -> listener.taskDecided(instance), "task " + instance.taskId());
            }

            @Override
            public void runFinished(DagRunRecord run) {
                call(() -> listener.runFinished(run), "the end of run " + run.runId());
            }

            @Override
            public void importErrorsChanged(List<DagFileError> errors) {
                call(() -> listener.importErrorsChanged(errors), "the DAG folder's import errors");
            }

            @Override
            public void loopFinished(Duration took) {
                call(() -> listener.loopFinished(took), "the end of a loop");
            }

            private void call(Runnable notification, String what) {
                try {
                    notification.run();
                } catch (RuntimeException e) {
                    LOG.warn("A listener failed on {}: {}", what, e.toString());
                }
            }
        };
    }
}
