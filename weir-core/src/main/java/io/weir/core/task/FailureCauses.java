package io.weir.core.task;

import io.weir.core.WeirException;
import io.weir.core.task.FailureClassifier.Retry;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.TimeoutException;

/**
 * Classifies a failed try as retriable or permanent by its cause, as Debezium does, not by its Java class: the
 * outermost link of the cause chain that a classifier knows decides (a dropped warehouse connection inside a
 * transform error is retried). With no known cause, a {@link TaskFailure} says itself, any other {@link WeirException}
 * (a user's mistake) is permanent, and an unexpected error is retried.
 */
public final class FailureCauses {
    private final List<FailureClassifier> classifiers;

    public FailureCauses(List<FailureClassifier> classifiers) {
        List<FailureClassifier> all = new ArrayList<>(classifiers);
        all.add(FailureCauses::timeouts);
        this.classifiers = List.copyOf(all);
    }

    /** The classifiers registered on the class path, and the timeouts every module shares. */
    public static FailureCauses loaded() {
        List<FailureClassifier> found = new ArrayList<>();
        ServiceLoader.load(FailureClassifier.class, FailureCauses.class.getClassLoader())
                .forEach(found::add);
        return new FailureCauses(found);
    }

    /** Whether the try that failed with {@code failure} may be retried (if it has tries left). */
    public boolean retriable(Throwable failure) {
        Optional<Retry> byCause = byCause(failure);
        if (byCause.isPresent()) {
            return byCause.get() == Retry.RETRIABLE;
        }
        if (failure instanceof TaskFailure taskFailure) {
            return taskFailure.retryable();
        }
        return !(failure instanceof WeirException);
    }

    /** What the first link of the cause chain that a classifier knows says, outermost first. */
    public Optional<Retry> byCause(Throwable failure) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable link = failure; link != null && seen.put(link, Boolean.TRUE) == null; link = link.getCause()) {
            for (FailureClassifier classifier : classifiers) {
                Optional<Retry> retry = classifier.classify(link);
                if (retry.isPresent()) {
                    return retry;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Retry> timeouts(Throwable cause) {
        if (cause instanceof TimeoutException
                || cause instanceof SocketTimeoutException
                || cause instanceof ConnectException) {
            return Optional.of(Retry.RETRIABLE);
        }
        return Optional.empty();
    }
}
