package io.weir.warehouse.load;

import io.weir.warehouse.WarehouseException;
import io.weir.warehouse.WarehouseSession;
import io.weir.warehouse.WarehouseTarget;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.duckdb.DuckDBConnection;

/**
 * DuckDB's worker threads while Weir hands it a source's CSV. The source's own work (the server writing COPY, the
 * thread writing chunk files) needs a core of its own; a second DuckDB thread on a machine of two cores only takes
 * CPU from them, so the load ran about a quarter slower. For the length of such loads DuckDB keeps one core free, and
 * the last load of a database to end gives it back the threads it had. The setting is the database's, so loads of the
 * same database share one lowering.
 */
final class LoadThreads {
    private record Lowering(long before, int loads) {}

    private static final Map<WarehouseTarget, Lowering> LOWERED = new HashMap<>();

    private LoadThreads() {}

    /** Leaves one core to the source while {@code work} runs, if DuckDB would use them all. */
    static <T> T leavingACore(WarehouseSession session, java.util.function.Supplier<T> work) {
        int wanted = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
        boolean lowered = lower(session, wanted);
        try {
            return work.get();
        } finally {
            if (lowered) {
                restore(session);
            }
        }
    }

    private static boolean lower(WarehouseSession session, int wanted) {
        synchronized (LOWERED) {
            Lowering lowering = LOWERED.get(session.target());
            if (lowering != null) {
                LOWERED.put(session.target(), new Lowering(lowering.before(), lowering.loads() + 1));
                return true;
            }
            long current = threads(session);
            if (current <= wanted) {
                return false;
            }
            set(session, wanted);
            LOWERED.put(session.target(), new Lowering(current, 1));
            return true;
        }
    }

    private static void restore(WarehouseSession session) {
        synchronized (LOWERED) {
            Lowering lowering = LOWERED.get(session.target());
            if (lowering == null) {
                return;
            }
            if (lowering.loads() > 1) {
                LOWERED.put(session.target(), new Lowering(lowering.before(), lowering.loads() - 1));
                return;
            }
            LOWERED.remove(session.target());
            set(session, lowering.before());
        }
    }

    /**
     * Sets the database's threads on a connection of its own: the load's session may be inside its caller's
     * transaction, which a failed load leaves unable to run anything until it rolls back.
     */
    private static void set(WarehouseSession session, long threads) {
        try (Connection side =
                        session.connection().unwrap(DuckDBConnection.class).duplicate();
                Statement statement = side.createStatement()) {
            statement.execute("set threads = " + threads);
        } catch (SQLException e) {
            throw new WarehouseException("Cannot set DuckDB's threads to " + threads + ": " + e.getMessage(), e);
        }
    }

    /** DuckDB's threads now. */
    static long threads(WarehouseSession session) {
        return ((Number) session.query("select current_setting('threads')")
                        .rows()
                        .get(0)
                        .get(0))
                .longValue();
    }
}
