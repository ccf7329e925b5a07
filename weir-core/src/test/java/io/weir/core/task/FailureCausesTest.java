package io.weir.core.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.core.ErrorCode;
import io.weir.core.WeirException;
import io.weir.core.task.FailureClassifier.Retry;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class FailureCausesTest {
    /** Stands in for a module's classifier: it knows one kind of cause by its message. */
    private static final FailureClassifier LOGIN = cause ->
            cause instanceof IOException && String.valueOf(cause.getMessage()).startsWith("login refused")
                    ? Optional.of(Retry.PERMANENT)
                    : Optional.empty();

    private final FailureCauses causes = new FailureCauses(List.of(LOGIN));

    @Test
    void aWeirExceptionCausedByATimeoutIsRetriedThoughAUsersMistakeIsNot() {
        WeirException dropped = new WeirException(
                ErrorCode.TASK_FAILED, "model orders failed", new SocketTimeoutException("read timed out"));

        assertThat(causes.retriable(dropped)).isTrue();
        assertThat(causes.retriable(new WeirException(ErrorCode.USER_INPUT, "no such model")))
                .isFalse();
    }

    @Test
    void theCauseOutweighsWhatATaskFailureSaysOfItself() {
        TaskFailure saidPermanent =
                new TaskFailure("load failed", false, new RuntimeException(new TimeoutException("no answer")));
        TaskFailure saidRetriable = new TaskFailure("load failed", true, new IOException("login refused for loader"));

        assertThat(causes.retriable(saidPermanent)).isTrue();
        assertThat(causes.retriable(saidRetriable)).isFalse();
    }

    @Test
    void withoutAKnownCauseATaskFailureSaysAndAnUnexpectedErrorIsRetried() {
        assertThat(causes.retriable(new TaskFailure("3 tests failed", false))).isFalse();
        assertThat(causes.retriable(new TaskFailure("2 models errored", true))).isTrue();
        assertThat(causes.retriable(new IllegalStateException("bug"))).isTrue();
    }

    @Test
    void theOutermostKnownLinkDecides() {
        Throwable chain = new IOException("login refused after reconnect", new ConnectException("refused"));

        assertThat(causes.byCause(chain)).contains(Retry.PERMANENT);
        assertThat(causes.byCause(new RuntimeException(new ConnectException("refused"))))
                .contains(Retry.RETRIABLE);
        assertThat(causes.byCause(new RuntimeException("plain"))).isEmpty();
    }

    @Test
    void aCauseChainThatLoopsEnds() {
        RuntimeException first = new RuntimeException("first");
        RuntimeException second = new RuntimeException("second", first);
        first.initCause(second);

        assertThat(causes.byCause(first)).isEmpty();
    }
}
