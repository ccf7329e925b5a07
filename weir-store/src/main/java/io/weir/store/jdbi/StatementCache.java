package io.weir.store.jdbi;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;

/**
 * The prepared statements of each pooled connection, kept for the connection's life. The scheduler runs the same
 * handful of statements on every try; preparing each once per connection spares parsing them again in every
 * transaction (H2 caches no {@code SELECT ... FOR UPDATE}) and JDBI's per-statement set-up. Statements are prepared on
 * the physical connection, so the pool does not close them when it takes the connection back.
 *
 * <p>A pooled connection serves one thread at a time, and the pool's hand-over orders one borrower's use before the
 * next, so the statements of one connection need no lock of their own.
 */
public final class StatementCache {
    private final Map<Connection, Map<String, PreparedStatement>> byConnection = new ConcurrentHashMap<>();

    /** The statement for {@code sql} on the handle's connection, parameters cleared. */
    PreparedStatement prepare(Handle handle, String sql) throws SQLException {
        Connection connection = handle.getConnection().unwrap(Connection.class);
        Map<String, PreparedStatement> statements = byConnection.get(connection);
        if (statements == null) {
            forgetClosedConnections();
            statements = new HashMap<>();
            byConnection.put(connection, statements);
        }
        PreparedStatement statement = statements.get(sql);
        if (statement == null || statement.isClosed()) {
            statement = connection.prepareStatement(sql);
            statements.put(sql, statement);
        } else {
            statement.clearParameters();
        }
        return statement;
    }

    /** The pool closes connections that idle or age out; their statements go with them. */
    private void forgetClosedConnections() {
        byConnection.keySet().removeIf(connection -> {
            try {
                return connection.isClosed();
            } catch (SQLException e) {
                return true;
            }
        });
    }
}
