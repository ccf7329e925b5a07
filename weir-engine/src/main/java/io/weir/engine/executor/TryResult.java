package io.weir.engine.executor;

import io.weir.store.TaskInstanceRecord;
import java.util.Optional;

/**
 * How a try's recording went: the finished instance (empty when it was no longer this job's to run or record), the
 * next instance the finish hook claimed for the same worker, and whether the hook's work committed.
 */
public record TryResult(Optional<TaskInstanceRecord> finished, Optional<Dispatch> next, boolean hookCommitted) {
    public static final TryResult NOTHING = new TryResult(Optional.empty(), Optional.empty(), false);
}
