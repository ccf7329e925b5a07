package io.weir.store.jdbi;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.h2.engine.Session;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

/**
 * Group commit for the embedded H2 database: a transaction returns only once its commit is written to the operating
 * system (so a killed process loses nothing it reported done), yet commits that end together share one write.
 *
 * <p>H2 told to write every commit ({@code WRITE_DELAY=0}) writes a chunk per commit under one lock, so many workers
 * queue behind each other's writes. Opened with a write delay, H2 commits in memory; then the committing thread writes
 * only when no write that began after its commit has finished yet, and that write covers every commit made before
 * it. A session connected to another process's server asks that server to write ({@code CHECKPOINT}, which writes
 * without forcing the disk, as a commit does).
 */
public final class H2Commits {
    private final ReentrantLock writing = new ReentrantLock();
    private final AtomicLong committed = new AtomicLong();
    private long written;

    /** Whether the transaction on {@code connection} changed anything; asked just before it commits. */
    public boolean hasChanges(Connection connection) throws SQLException {
        Session session = connection.unwrap(JdbcConnection.class).getSession();
        return !(session instanceof SessionLocal local) || local.hasPendingTransaction();
    }

    /** Returns once what {@code connection} committed is written; call after the commit. */
    public void makeDurable(Connection connection) throws SQLException {
        Session session = connection.unwrap(JdbcConnection.class).getSession();
        if (!(session instanceof SessionLocal local)) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CHECKPOINT");
            }
            return;
        }
        MVStore store = local.getDatabase().getStore().getMvStore();
        if (store.getFileStore() == null || store.getAutoCommitDelay() == 0) {
            // In memory, or H2 writes each commit itself.
            return;
        }
        long mine = committed.incrementAndGet();
        writing.lock();
        try {
            if (written >= mine) {
                return;
            }
            long covered = committed.get();
            store.commit();
            written = covered;
        } finally {
            writing.unlock();
        }
    }
}
