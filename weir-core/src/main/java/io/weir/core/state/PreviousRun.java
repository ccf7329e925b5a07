package io.weir.core.state;

import java.util.Map;

/**
 * The task states of the run just before the one being scheduled (by logical date), for depends_on_past and
 * wait_for_downstream. A task the previous run did not have counts as satisfied.
 *
 * @param finished whether the previous run has ended (success or failed): its unfinished instances will then never
 *     finish, so a task waiting on one of them cannot run, instead of waiting forever
 */
public record PreviousRun(Map<String, TaskState> taskStates, boolean finished) {
    public PreviousRun {
        taskStates = Map.copyOf(taskStates);
    }

    /** A previous run that may still be running. */
    public PreviousRun(Map<String, TaskState> taskStates) {
        this(taskStates, false);
    }
}
