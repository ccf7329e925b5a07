package io.weir.engine.executor;

/** Starts the executor of one scheduler job; the wiring (Weir) picks which kind. */
@FunctionalInterface
public interface ExecutorFactory {
    Executor start(long jobId, TryEvents events);
}
