package io.weir.store.jdbi;

import io.weir.store.JobRecord;
import io.weir.store.JobRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Jobs and their heartbeats. */
final class JdbiJobRepository implements JobRepository {
    private static final String RUNNING = "running";
    private static final String FINISHED = "finished";
    private static final String SELECT =
            "SELECT id, job_type, hostname, pid, state, start_date, latest_heartbeat FROM job";

    private final Handle handle;

    JdbiJobRepository(Handle handle) {
        this.handle = handle;
    }

    @Override
    public long start(String type, String hostname, long pid, Instant now) {
        return handle.createUpdate("INSERT INTO job (job_type, hostname, pid, state, start_date, latest_heartbeat)"
                        + " VALUES (:type, :hostname, :pid, :state, :now, :now)")
                .bind("type", type)
                .bind("hostname", hostname)
                .bind("pid", pid)
                .bind("state", RUNNING)
                .bindByType("now", now, Instant.class)
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one();
    }

    @Override
    public void heartbeat(long jobId, Instant now) {
        handle.createUpdate("UPDATE job SET latest_heartbeat = :now WHERE id = :id")
                .bindByType("now", now, Instant.class)
                .bind("id", jobId)
                .execute();
    }

    @Override
    public void finish(long jobId, Instant now) {
        handle.createUpdate("UPDATE job SET state = :state, end_date = :now, latest_heartbeat = :now WHERE id = :id")
                .bind("state", FINISHED)
                .bindByType("now", now, Instant.class)
                .bind("id", jobId)
                .execute();
    }

    @Override
    public Optional<JobRecord> find(long jobId) {
        return handle.createQuery(SELECT + " WHERE id = :id")
                .bind("id", jobId)
                .map(Rows.JOB)
                .findOne();
    }

    @Override
    public List<JobRecord> running() {
        return handle.createQuery(SELECT + " WHERE state = :state ORDER BY id")
                .bind("state", RUNNING)
                .map(Rows.JOB)
                .list();
    }
}
