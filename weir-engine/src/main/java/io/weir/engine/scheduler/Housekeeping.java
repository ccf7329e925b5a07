package io.weir.engine.scheduler;

import io.weir.engine.EngineServices;
import io.weir.engine.log.LogRetention;
import io.weir.engine.recovery.OrphanRecovery;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler's housekeeping: its job's heartbeat, the recovery of what dead jobs left behind, and the hourly
 * retention sweep of old task logs on a thread of its own.
 */
final class Housekeeping {
    private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);

    private final EngineServices services;
    private final long jobId;
    private final OrphanRecovery recovery;
    private final boolean recovers;
    private final LongConsumer dirtyRun;
    private ScheduledExecutorService retention;

    /**
     * @param recovers whether this scheduler recovers dead jobs (the server's does; a backfill's or a test's not)
     * @param dirtyRun told the id of each run recovery changed
     */
    Housekeeping(
            EngineServices services, long jobId, OrphanRecovery recovery, boolean recovers, LongConsumer dirtyRun) {
        this.services = services;
        this.jobId = jobId;
        this.recovery = recovery;
        this.recovers = recovers;
        this.dirtyRun = dirtyRun;
    }

    /** Recovers what dead jobs left, when this scheduler recovers. */
    void recoverDeadJobs() {
        if (recovers) {
            recovery.recoverDeadJobs(dirtyRun);
        }
    }

    /** Records that this job is alive, then recovers dead jobs. */
    void heartbeat(Instant now) {
        services.store().useTransaction(session -> session.jobs().heartbeat(jobId, now));
        recoverDeadJobs();
    }

    /**
     * Deletes old task logs now and every hour, off the loop's thread, per logs.retention_days and logs.max_size,
     * sparing the logs {@code runningLogs} names.
     */
    synchronized void startLogRetention(Supplier<Set<Path>> runningLogs) {
        retention = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "weir-log-retention");
            thread.setDaemon(true);
            return thread;
        });
        retention.scheduleWithFixedDelay(
                () -> {
                    try {
                        LogRetention.RetentionResult result = new LogRetention()
                                .sweep(
                                        services.logsDir(),
                                        services.settings().logsRetentionDays(),
                                        services.settings().logsMaxSizeBytes(),
                                        services.clock().instant(),
                                        runningLogs);
                        if (result.filesDeleted() > 0) {
                            LOG.info(
                                    "Deleted {} old task log(s), {} bytes", result.filesDeleted(), result.bytesFreed());
                        }
                    } catch (RuntimeException e) {
                        LOG.warn("Could not clean old task logs in {}: {}", services.logsDir(), e.getMessage());
                    }
                },
                0,
                1,
                TimeUnit.HOURS);
    }

    /** Stops the retention sweeps; instances queued for this job that never started go back to scheduled. */
    synchronized void close() {
        if (retention != null) {
            retention.shutdownNow();
        }
        recovery.releaseOwnInstances();
    }
}
