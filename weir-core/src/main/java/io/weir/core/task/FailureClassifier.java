package io.weir.core.task;

import java.util.Optional;

/**
 * Says from one link of a failure's cause chain whether another try may succeed: a dropped connection or a timeout
 * may pass, a wrong password or a bad query will not. A module that knows a kind of cause (the warehouse knows
 * SQLStates) registers one through {@link java.util.ServiceLoader}; {@link FailureCauses} asks them all.
 */
public interface FailureClassifier {

    /** Whether a failure caused by {@code cause} is worth retrying; empty when this classifier does not know it. */
    Optional<Retry> classify(Throwable cause);

    /** A failure's class: worth another try, or the same on every try. */
    enum Retry {
        RETRIABLE,
        PERMANENT
    }
}
