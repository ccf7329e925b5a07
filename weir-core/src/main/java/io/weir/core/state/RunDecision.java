package io.weir.core.state;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the scheduler should do with one run now.
 *
 * @param missing tasks of the DAG that have no instance yet: create them in state none (and evaluate again)
 * @param transitions new states for existing instances: scheduled (ready to queue), upstream_failed, skipped,
 *     removed (task gone from the DAG), none (a removed task back in the DAG); an up_for_retry instance whose delay
 *     has passed becomes scheduled
 * @param runState the run's new state when it is decided (success, failed), else null
 * @param wakeAt the earliest time something may change without another event (a retry delay ending), else null
 */
public record RunDecision(
        List<String> missing, Map<String, TaskState> transitions, DagRunState runState, Instant wakeAt) {
    public RunDecision {
        missing = List.copyOf(missing);
        transitions = Map.copyOf(transitions);
    }
}
