package io.weir.extract.database;

import java.sql.SQLException;

/** A source failed while its rows streamed into the warehouse; the cause tells whether a retry can help. */
final class SourceReadException extends RuntimeException {
    SourceReadException(String message, SQLException cause) {
        super(message, cause);
    }
}
