package io.weir.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.core.ErrorCode;
import io.weir.core.WeirException;
import io.weir.core.task.FailureCauses;
import io.weir.core.task.FailureClassifier.Retry;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import org.junit.jupiter.api.Test;

class SqlFailuresTest {
    private final SqlFailures classifier = new SqlFailures();

    @Test
    void aLostConnectionOrAnInterruptedTransactionIsRetriable() {
        assertThat(classifier.classify(new SQLException("connection reset", "08006")))
                .contains(Retry.RETRIABLE);
        assertThat(classifier.classify(new SQLException("deadlock detected", "40P01")))
                .contains(Retry.RETRIABLE);
        assertThat(classifier.classify(
                        new SQLException("terminating connection due to administrator command", "57P01")))
                .contains(Retry.RETRIABLE);
        assertThat(classifier.classify(new SQLTimeoutException("statement timed out")))
                .contains(Retry.RETRIABLE);
    }

    @Test
    void aRefusedLoginOrABadQueryIsPermanent() {
        assertThat(classifier.classify(new SQLException("password authentication failed", "28P01")))
                .contains(Retry.PERMANENT);
        assertThat(classifier.classify(new SQLException("relation \"raw.x\" does not exist", "42P01")))
                .contains(Retry.PERMANENT);
        assertThat(classifier.classify(new SQLException("duplicate key", "23505")))
                .contains(Retry.PERMANENT);
    }

    @Test
    void anUnknownStateOrNoneLeavesTheChoiceToOthers() {
        assertThat(classifier.classify(new SQLException("odd", "XX000"))).isEmpty();
        assertThat(classifier.classify(new SQLException("no state"))).isEmpty();
        assertThat(classifier.classify(new IllegalStateException("not SQL"))).isEmpty();
    }

    @Test
    void theEngineFindsItOnTheClassPathAndRetriesATransformErrorCausedByADroppedConnection() {
        WeirException transformError = new WeirException(
                ErrorCode.TASK_FAILED,
                "Model orders failed",
                new SQLException("An I/O error occurred while sending to the backend.", "08006"));
        WeirException badPassword = new WeirException(
                ErrorCode.TASK_FAILED, "Cannot connect", new SQLException("password authentication failed", "28P01"));

        FailureCauses causes = FailureCauses.loaded();

        assertThat(causes.retriable(transformError)).isTrue();
        assertThat(causes.retriable(badPassword)).isFalse();
    }
}
