package io.weir.engine.executor;

import io.weir.store.MetadataSession;
import io.weir.store.MetadataStore;
import io.weir.store.TaskInstanceRecord;
import java.util.Optional;

/**
 * What the scheduler may do inside the transaction that records a try's end: decide the run and claim the next ready
 * instance for the same worker, so it starts without a trip through the loop. Handed out by {@link FollowUps}; an
 * executor that runs tries elsewhere uses none and reports ends only as {@link TryEnded} events.
 */
public interface FinishHook {
    Optional<Dispatch> afterFinish(MetadataSession session, TaskInstanceRecord finished);

    /** Called once whether this try claimed its instance is settled (committed or refused), before it runs. */
    default void claimSettled() {}

    /**
     * The scheduled instance this worker takes next when choosing it needs nothing from the metadata DB: its claim
     * is then written together with the try's end ({@link MetadataStore#endAndClaim}) and {@link #afterFinish} is
     * not called. {@link #claimWritten} says whether the claim took once the end was written; when the end was not
     * written, or the write failed, the result says the hook did not commit. Empty leaves the choice to
     * {@link #afterFinish}.
     */
    default Optional<Dispatch> claimWithEnd(TaskInstanceRecord finished) {
        return Optional.empty();
    }

    /** Whether the claim {@link #claimWithEnd} chose was written along with the end. */
    default void claimWritten(boolean claimed) {}

    /**
     * Called once the try's end has been written (or found no longer this try's to write), before the end is reported
     * as a {@link TryEnded} event: {@code result} says whether the hook's work committed and what it claimed.
     */
    default void settled(TryResult result) {}

    FinishHook NONE = (session, finished) -> Optional.empty();
}
