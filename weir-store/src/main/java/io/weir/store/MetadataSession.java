package io.weir.store;

import io.weir.core.state.TaskEffect;
import io.weir.core.state.TaskEvent;
import java.util.Optional;

/** The repositories bound to one connection and transaction. */
public interface MetadataSession {

    DagRepository dags();

    RunRepository runs();

    TaskInstanceRepository taskInstances();

    XComRepository xcoms();

    VariableRepository variables();

    TaskStateRepository taskStates();

    JobRepository jobs();

    PoolRepository pools();

    UserRepository users();

    AuditRepository audit();

    OverviewRepository overview();

    /**
     * Applies {@code event} to {@code current} as {@link io.weir.core.state.TaskTransitions} computes it, with one
     * compare-and-set (the stored instance still in {@code current}'s state, at its try and, where it has one, with
     * its owner) and the transition's store effects in this transaction. Every writer of a task instance goes through
     * here. Empty when the event does not apply in that state or the stored instance changed meanwhile.
     */
    default Optional<TaskInstanceRecord> apply(TaskInstanceRecord current, TaskEvent event) {
        Optional<TaskInstanceRecord.TaskTransitionOf> transition = current.transition(event);
        if (transition.isEmpty()) {
            return Optional.empty();
        }
        TaskInstanceRecord next = transition.get().next();
        if (!taskInstances().claimIf(next, current.state(), current.jobId(), current.tryNumber())) {
            return Optional.empty();
        }
        if (transition.get().transition().has(TaskEffect.CLEAR_XCOMS)) {
            xcoms().clear(current.dagId(), current.runId(), current.taskId());
        }
        return Optional.of(next);
    }
}
