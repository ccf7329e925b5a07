package io.weir.transform.run;

import io.weir.transform.project.Node;

/** What the runner does with each node: build a model, load a seed, run a test. */
@FunctionalInterface
public interface NodeAction {
    /**
     * Runs {@code node}. An exception becomes an {@code error} outcome carrying its message.
     *
     * @param threadIndex the worker running it, from 0 to {@code threads - 1}, so each worker can use its own
     *     connection
     */
    NodeOutcome run(Node node, int threadIndex) throws Exception;
}
