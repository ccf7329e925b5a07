package io.weir.engine.scheduler;

import io.weir.core.dag.DagFileError;
import io.weir.store.DagRunRecord;
import io.weir.store.TaskInstanceRecord;
import java.time.Duration;
import java.util.List;

/** Hears what the scheduler decides, for the console and for callers waiting on runs. */
public interface SchedulerListener {

    /** A try started running (the web server's store watcher reports it, so a grid cell turns running). */
    default void taskStarted(TaskInstanceRecord instance) {}

    /** A try ended and its state was recorded (success, failed, up_for_retry, skipped). */
    default void taskFinished(TaskInstanceRecord instance) {}

    /** The scheduler set an instance's state without running it (upstream_failed, skipped, removed). */
    default void taskDecided(TaskInstanceRecord instance) {}

    /** A run reached success or failed. */
    default void runFinished(DagRunRecord run) {}

    /** The DAG folder was read again and its import errors differ from before. */
    default void importErrorsChanged(List<DagFileError> errors) {}

    /** One pass of the scheduler loop ended after {@code took} (for the loop-duration metric). */
    default void loopFinished(Duration took) {}

    SchedulerListener NONE = new SchedulerListener() {};
}
