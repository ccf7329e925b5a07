package io.weir.engine.executor;

import io.weir.store.TaskInstanceRecord;

/** Identifies a task instance: (dag, run, task). */
public record TaskKey(String dagId, String runId, String taskId) {
    public static TaskKey of(TaskInstanceRecord instance) {
        return new TaskKey(instance.dagId(), instance.runId(), instance.taskId());
    }

    @Override
    public String toString() {
        return dagId + "." + taskId + " (" + runId + ")";
    }
}
