package io.weir.store.jdbi;

import java.sql.SQLException;
import java.util.function.IntSupplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementException;

/** Recognising database errors by SQLSTATE, which H2 and PostgreSQL share. */
final class SqlErrors {
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String SAVEPOINT = "weir_upsert";

    private SqlErrors() {}

    static boolean isUniqueViolation(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Updates a row, inserting it when the update touched none. The insert runs under a savepoint so that losing a
     * race to another writer (PostgreSQL aborts the transaction on a unique violation) ends in an update, not an error.
     */
    static void upsert(Handle handle, IntSupplier update, Runnable insert) {
        if (update.getAsInt() > 0) {
            return;
        }
        handle.savepoint(SAVEPOINT);
        try {
            insert.run();
            handle.releaseSavepoint(SAVEPOINT);
        } catch (StatementException e) {
            if (!isUniqueViolation(e)) {
                throw e;
            }
            handle.rollbackToSavepoint(SAVEPOINT);
            update.getAsInt();
        }
    }
}
