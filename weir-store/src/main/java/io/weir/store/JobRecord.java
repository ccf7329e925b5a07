package io.weir.store;

import java.time.Instant;

/**
 * A Weir process that schedules or runs tasks (scheduler, backfill, dags test, tasks run). Its heartbeat tells the
 * others whether the task instances it owns are alive.
 *
 * @param type scheduler, backfill, test, task
 * @param state running or finished
 */
public record JobRecord(
        long id, String type, String hostname, long pid, Instant startDate, Instant latestHeartbeat, String state) {}
