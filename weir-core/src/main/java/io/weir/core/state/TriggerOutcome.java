package io.weir.core.state;

/** What a trigger rule makes of a task given its direct upstream states. */
public enum TriggerOutcome {
    /** The rule is met: the task may be scheduled. */
    RUN,
    /** The rule may still be met once more upstream tasks finish. */
    WAIT,
    /** The rule can no longer be met and the task is set to skipped. */
    SKIP,
    /** The rule can no longer be met because of an upstream failure; the task is set to upstream_failed. */
    UPSTREAM_FAILED
}
