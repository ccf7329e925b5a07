package io.weir.transform;

import io.weir.core.ErrorCode;
import io.weir.core.WeirException;

/**
 * A problem with a transform project a user can fix: a bad {@code dbt_project.yml} or {@code profiles.yml}, a
 * compile error, a ref to a missing model, a cycle. The message names the file (and line where known) and what to
 * do; it is printed as it is, without a stack trace.
 */
public class TransformException extends WeirException {
    public TransformException(String message) {
        super(ErrorCode.TRANSFORM, message);
    }

    public TransformException(String message, Throwable cause) {
        super(ErrorCode.TRANSFORM, message, cause);
    }
}
