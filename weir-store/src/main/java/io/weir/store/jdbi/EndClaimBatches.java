package io.weir.store.jdbi;

import io.weir.store.TaskInstanceRecord;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.Jdbi;

/**
 * Group commit for tries' ends and next claims on PostgreSQL: writes that arrive together share one round trip and
 * one commit. A caller queues its write and takes the writing lock; if a writer that ran meanwhile took its write
 * along, it is done; otherwise it writes everything queued so far, its own included, as one multi-statement (one
 * implicit transaction), and those callers find theirs done. Each write is still its own pair of compare-and-sets:
 * only a failure of the whole statement fails them together.
 */
public final class EndClaimBatches {
    /** The most writes one statement carries; more wait for the next. */
    static final int MAX_BATCH = 32;

    private final ReentrantLock writing = new ReentrantLock();
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final String[] statementsBySize = new String[MAX_BATCH + 1];

    private static final class Pending {
        final TaskInstanceRecord ended;
        final long jobId;
        final TaskInstanceRecord claim;
        final int claimTry;
        boolean[] written;
        RuntimeException failure;

        Pending(TaskInstanceRecord ended, long jobId, TaskInstanceRecord claim, int claimTry) {
            this.ended = ended;
            this.jobId = jobId;
            this.claim = claim;
            this.claimTry = claimTry;
        }

        boolean done() {
            return written != null || failure != null;
        }
    }

    /**
     * On an autocommit connection: a try's end ({@code ended}, if still running for {@code jobId}) and, only if that
     * was written, the claim of the next instance ({@code claim}, if still scheduled at try {@code claimTry}), with
     * whatever other such writes are queued. Returns whether the end and the claim were written.
     */
    public boolean[] write(
            Jdbi jdbi,
            StatementCache statements,
            TaskInstanceRecord ended,
            long jobId,
            TaskInstanceRecord claim,
            int claimTry) {
        Pending mine = new Pending(ended, jobId, claim, claimTry);
        queue.add(mine);
        writing.lock();
        try {
            while (!mine.done()) {
                List<Pending> batch = new ArrayList<>();
                for (Pending next = queue.poll(); next != null; next = batch.size() < MAX_BATCH ? queue.poll() : null) {
                    batch.add(next);
                }
                if (batch.isEmpty()) {
                    // Cannot happen (a write leaves the queue only in a batch that settles it); never spin on it.
                    mine.failure = new IllegalStateException("A try's end was dropped from the write queue");
                    break;
                }
                writeBatch(jdbi, statements, batch);
            }
        } finally {
            writing.unlock();
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
        return mine.written;
    }

    /**
     * Writes the batch and settles every write in it: written, or failed with the statement's failure. The batch is
     * written in the order of the instances it claims, so that two schedulers' batches lock them in the same order,
     * and padded to a power of two by repeating its last write (which then finds its instance ended already and
     * writes nothing), so that a connection prepares six statement texts, not thirty-two.
     */
    private void writeBatch(Jdbi jdbi, StatementCache statements, List<Pending> batch) {
        batch.sort(CLAIM_ORDER);
        int size = Integer.highestOneBit(batch.size() - 1) << 1;
        int statementsSent = Math.max(1, Math.min(size, MAX_BATCH));
        try {
            String sql = sql(statementsSent);
            jdbi.useHandle(handle -> {
                try {
                    PreparedStatement statement = statements.prepare(handle, sql);
                    for (int index = 0; index < statementsSent; index++) {
                        Pending pending = batch.get(Math.min(index, batch.size() - 1));
                        JdbiTaskInstanceRepository.bindEndAndClaim(
                                statement,
                                index * JdbiTaskInstanceRepository.END_AND_CLAIM_PARAMETERS,
                                pending.ended,
                                pending.jobId,
                                pending.claim,
                                pending.claimTry);
                    }
                    statement.execute();
                    for (int index = 0; index < batch.size(); index++) {
                        if (index > 0) {
                            statement.getMoreResults();
                        }
                        try (ResultSet counts = statement.getResultSet()) {
                            counts.next();
                            batch.get(index).written = new boolean[] {counts.getLong(1) > 0, counts.getLong(2) > 0};
                        }
                    }
                } catch (SQLException e) {
                    // The statement's own text once, not the batch's copies of it.
                    throw Parameters.failed(JdbiTaskInstanceRepository.END_AND_CLAIM, e);
                }
            });
        } catch (RuntimeException | Error e) {
            RuntimeException failure = e instanceof RuntimeException runtime
                    ? runtime
                    : new IllegalStateException("Writing tries' ends failed: " + e, e);
            for (Pending pending : batch) {
                if (pending.written == null) {
                    pending.failure = failure;
                }
            }
            if (e instanceof Error error) {
                throw error;
            }
        }
    }

    private String sql(int size) {
        String sql = statementsBySize[size];
        if (sql == null) {
            sql = String.join("; ", java.util.Collections.nCopies(size, JdbiTaskInstanceRepository.END_AND_CLAIM));
            statementsBySize[size] = sql;
        }
        return sql;
    }

    private static final java.util.Comparator<Pending> CLAIM_ORDER = java.util.Comparator.comparing(
                    (Pending pending) -> pending.claim.dagId())
            .thenComparing(pending -> pending.claim.runId())
            .thenComparing(pending -> pending.claim.taskId());
}
