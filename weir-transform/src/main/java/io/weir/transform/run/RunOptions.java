package io.weir.transform.run;

/**
 * How the runner works through the selected nodes.
 *
 * @param threads how many nodes run at once
 * @param failFast stop at the first error or failing test: no further node starts and running ones are cancelled
 * @param buildOrder order as {@code build} does: a node waits for the tests of everything it reads, so a failing
 *     test skips the tested node's descendants
 */
public record RunOptions(int threads, boolean failFast, boolean buildOrder) {
    public RunOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        }
    }
}
