package io.weir.web.ui;

import io.weir.store.DagRunRecord;
import io.weir.store.TaskInstanceRecord;

/** A task instance or a run as a line of a confirmation page. */
public record InstanceRow(String dagId, String runId, String taskId, String state) {
    static InstanceRow of(TaskInstanceRecord instance) {
        return new InstanceRow(
                instance.dagId(),
                instance.runId(),
                instance.taskId(),
                instance.state() == null ? "none" : instance.state().label());
    }

    static InstanceRow of(DagRunRecord run) {
        return new InstanceRow(run.dagId(), run.runId(), "", run.state().label());
    }
}
