package io.weir.engine.executor;

import static java.util.Objects.requireNonNull;

import io.weir.core.dag.TaskSpec;
import io.weir.core.state.TaskEvent;
import io.weir.store.MetadataSession;
import io.weir.store.MetadataStore;
import io.weir.store.TaskInstanceRecord;
import java.time.Instant;
import java.util.Optional;

/** The one way a task instance is claimed for a try, whichever path (loop dispatch, follow-up, group commit) asks. */
public final class TryClaims {
    private final String hostname;

    public TryClaims(String hostname) {
        this.hostname = requireNonNull(hostname, "hostname is null");
    }

    /**
     * Claims {@code instance} for a try of job {@code jobId} in {@code session}: it becomes running with the next try
     * number if it is still in its state, at its try and with its owner; an earlier try's XComs are cleared. Empty
     * when something else changed it meanwhile.
     */
    public Optional<TaskInstanceRecord> claimIn(
            MetadataSession session, TaskInstanceRecord instance, TaskSpec task, long jobId, Instant now) {
        return session.apply(instance, event(task, jobId, now));
    }

    /**
     * The instance as the same claim leaves it, not written: for a claim written together with a try's end
     * ({@link MetadataStore#endAndClaim}). Empty when it cannot be claimed in its state.
     */
    public Optional<TaskInstanceRecord> claimed(TaskInstanceRecord instance, TaskSpec task, long jobId, Instant now) {
        return instance.transition(event(task, jobId, now)).map(TaskInstanceRecord.TaskTransitionOf::next);
    }

    private TaskEvent.Claim event(TaskSpec task, long jobId, Instant now) {
        return new TaskEvent.Claim(now, task.type(), hostname, jobId);
    }
}
