package io.weir.engine.executor;

import java.util.Optional;

/** How an executor tells the scheduler about tries: each try's end as an event, and free capacity. */
public interface TryEvents {
    /** The hook to run in the transaction that records the end of {@code dispatch}'s try. */
    FinishHook hookFor(Dispatch dispatch);

    /**
     * A try ended and its end is recorded; {@code result} says whether the hook's work committed and what it claimed.
     * Returns the instance to run next on the same worker, if any.
     */
    Optional<Dispatch> ended(TryEnded ended, FinishHook hook, TryResult result);

    /** A worker became free for new work (called after it counts as free). */
    void slotFreed();
}
