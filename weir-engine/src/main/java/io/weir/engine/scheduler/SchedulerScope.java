package io.weir.engine.scheduler;

/** Which runs a scheduler looks after. */
public enum SchedulerScope {
    /** The server's scheduler: creates scheduled runs and schedules every run no other live job owns. */
    ALL,
    /** A backfill or {@code dags test}: schedules only the runs its own job owns; creates none by schedule. */
    OWNED
}
