package io.weir.store;

import io.weir.core.state.RunEvent;
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

    LoadedFileRepository loadedFiles();

    BrowseRepository browse();

    /**
     * Applies {@code event} to {@code current} as {@link io.weir.core.state.TaskTransitions} computes it, with one
     * compare-and-set (the stored instance still in {@code current}'s state, at its try and, where it has one, with
     * its owner) and the transition's store effects in this transaction. Every writer of a task instance goes through
     * here. Empty when the event does not apply in that state or the stored instance changed meanwhile.
     */
    default Optional<TaskInstanceRecord> apply(TaskInstanceRecord current, TaskEvent event) {
        return applyTransition(current, event).map(TaskInstanceRecord.TaskTransitionOf::next);
    }

    /**
     * {@link #apply(TaskInstanceRecord, TaskEvent)}, returning the transition written with the effects the caller
     * acts on once the transaction commits (a try to stop, a run to decide).
     */
    default Optional<TaskInstanceRecord.TaskTransitionOf> applyTransition(TaskInstanceRecord current, TaskEvent event) {
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
        return transition;
    }

    /**
     * Applies {@code event} to the run {@code current} as {@link io.weir.core.state.RunTransitions} computes it, with
     * one compare-and-set (the stored run still in {@code current}'s state). Every writer of a run's state goes
     * through here. Empty when the event does not apply in that state or the stored run changed meanwhile; the
     * caller acts on the transition's effects.
     */
    default Optional<DagRunRecord.RunTransitionOf> apply(DagRunRecord current, RunEvent event) {
        Optional<DagRunRecord.RunTransitionOf> transition = current.transition(event);
        if (transition.isEmpty() || !runs().updateIf(transition.get().next(), current.state())) {
            return Optional.empty();
        }
        return transition;
    }
}
