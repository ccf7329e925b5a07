package io.weir.extract.database;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/**
 * Tells a source failure that a retry can cure (a refused or dropped connection, a timeout, a server shutting down)
 * from one it cannot (wrong credentials, a missing table, an SQL error).
 */
final class SourceFailures {
    private SourceFailures() {}

    static boolean isRetryable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("28") || state.startsWith("42") || state.equals("3D000")) {
                    return false;
                }
                if (state.startsWith("08")
                        || state.startsWith("57P")
                        || state.equals("57014")
                        || state.equals("70100")
                        || state.startsWith("53")
                        || state.equals("40001")
                        || state.equals("40P01")
                        || state.equals("HYT00")) {
                    return true;
                }
            }
            if (cause instanceof SQLTransientException
                    || cause instanceof SQLRecoverableException
                    || cause instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    static String message(Throwable failure) {
        String message = failure.getMessage();
        return message == null ? failure.toString() : message.strip();
    }
}
