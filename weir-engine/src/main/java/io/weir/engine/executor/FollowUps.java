package io.weir.engine.executor;

/**
 * What a scheduler offers an executor that records a try's end itself, in a transaction on this host: a
 * {@link FinishHook} that decides the try's run in that transaction and may claim the next ready instance for the same
 * worker, so it starts without a trip through the loop. An optimisation only: an executor that runs tries elsewhere
 * ignores it and reports ends as {@link TryEnded} events alone, and the scheduler decides the run then.
 */
public interface FollowUps {
    /** The hook to run in the transaction that records the end of {@code dispatch}'s try. */
    FinishHook hookFor(Dispatch dispatch);
}
