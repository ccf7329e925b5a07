package io.weir.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The Weir processes that schedule and run tasks, with their heartbeats. */
public interface JobRepository {

    /** Registers a running job and returns its id. */
    long start(String type, String hostname, long pid, Instant now);

    void heartbeat(long jobId, Instant now);

    /** Marks a job finished (a clean shutdown). */
    void finish(long jobId, Instant now);

    Optional<JobRecord> find(long jobId);

    /** Jobs still marked running. */
    List<JobRecord> running();
}
