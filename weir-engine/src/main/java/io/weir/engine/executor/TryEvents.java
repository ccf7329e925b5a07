package io.weir.engine.executor;

/**
 * How an executor tells the scheduler about tries, whoever runs them (threads here, a worker elsewhere, a pod): each
 * try's end as an event, and free capacity.
 */
public interface TryEvents {
    /** A try ended and its end is recorded (or was not this job's to record); called once per try. */
    void ended(TryEnded ended);

    /** A worker became free for new work (called after it counts as free). */
    void slotFreed();
}
