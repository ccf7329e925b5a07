package io.weir.engine.executor;

/** Starts the executor of one scheduler job; the wiring (Weir) picks which kind. */
@FunctionalInterface
public interface ExecutorFactory {
    /**
     * @param events where each try's end and each free worker is reported
     * @param followUps the scheduler's offer to choose a finishing worker's next try in the same transaction, which
     *     an executor that does not record ends on this host ignores
     */
    Executor start(long jobId, TryEvents events, FollowUps followUps);
}
