package io.weir.transform;

/**
 * A problem with a transform project a user can fix: a bad {@code dbt_project.yml} or {@code profiles.yml}, a
 * compile error, a ref to a missing model, a cycle. The message names the file (and line where known) and what to
 * do; it is printed as it is, without a stack trace.
 */
public class TransformException extends RuntimeException {
    public TransformException(String message) {
        super(message);
    }

    public TransformException(String message, Throwable cause) {
        super(message, cause);
    }
}
