package io.weir.engine.scheduler;

import io.weir.core.dag.DagFileError;
import io.weir.store.DagRunRecord;
import io.weir.store.TaskInstanceRecord;
import java.util.List;

/** Several subscribers (console, metrics, live pages) hearing one scheduler, each in turn. */
public final class SchedulerListeners {
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
        };
    }
}
