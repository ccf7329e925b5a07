package io.weir.warehouse;

import io.weir.core.task.FailureClassifier;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientException;
import java.util.Optional;

/**
 * Classifies a database failure by its SQLState class: a lost connection (08), a rolled-back transaction such as a
 * deadlock (40), a server short of resources (53) or stopping (57), and timeouts are retriable; bad data (22), a
 * broken constraint (23), a refused login (28) and a bad query or missing privilege (42) are permanent.
 */
public final class SqlFailures implements FailureClassifier {

    @Override
    public Optional<Retry> classify(Throwable cause) {
        if (!(cause instanceof SQLException sql)) {
            return Optional.empty();
        }
        if (sql instanceof SQLTimeoutException || sql instanceof SQLTransientException) {
            return Optional.of(Retry.RETRIABLE);
        }
        String state = sql.getSQLState();
        if (state == null || state.length() < 2) {
            return Optional.empty();
        }
        return switch (state.substring(0, 2)) {
            case "08", "40", "53", "57" -> Optional.of(Retry.RETRIABLE);
            case "22", "23", "28", "42" -> Optional.of(Retry.PERMANENT);
            default -> Optional.empty();
        };
    }
}
