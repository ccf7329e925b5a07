package io.weir.transform.run;

import io.weir.transform.project.Node;
import java.util.List;

/**
 * Hears about a run as it goes, to print or record it. Node events come from the worker threads, several at once; a
 * listener that keeps state synchronizes it. A node skipped because of an upstream failure is only finished, never
 * started.
 */
public interface RunListener {
    RunListener NONE = new RunListener() {};

    /** Before the first node, with every node that will run in priority order. */
    default void runStarted(List<Node> nodes) {}

    /**
     * A node starts on a worker.
     *
     * @param index the node's number in the run, from 1, in the order nodes are taken up
     * @param total how many nodes the run has
     */
    default void nodeStarted(Node node, int index, int total) {}

    /** A node ended (or was skipped); {@code index} as for {@link #nodeStarted}. */
    default void nodeFinished(Node node, NodeResult result, int index, int total) {}

    /** After the last node. */
    default void runFinished(RunReport report) {}
}
