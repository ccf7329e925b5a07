package io.weir.core.state;

/** What else must happen right after a run's transition is applied. */
public enum RunEffect {
    /** The run is running (again): its task instances are decided. */
    DECIDE_RUN,
    /**
     * The run finished: its DAG has room for one more active run, so queued runs may start and due runs be created,
     * and whoever waits for the run's end is told.
     */
    RUN_FINISHED
}
