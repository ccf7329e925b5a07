package io.weir.store.jdbi;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** Binding values by position on plain JDBC statements, the way {@link Jdbis} binds them by name. */
final class Parameters {
    private Parameters() {}

    /** As a UTC {@code OffsetDateTime} truncated to microseconds; see {@link Jdbis}. */
    static void instant(PreparedStatement statement, int index, Instant value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setObject(index, value.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC));
        }
    }

    static void nullableLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    static void nullableString(PreparedStatement statement, int index, String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }

    /** The exception JDBI would have thrown, so callers handle a failed statement the same on either path. */
    static UnableToExecuteStatementException failed(String sql, SQLException cause) {
        return new UnableToExecuteStatementException("Statement failed: " + sql, cause, null);
    }
}
