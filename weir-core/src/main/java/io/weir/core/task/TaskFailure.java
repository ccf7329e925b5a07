package io.weir.core.task;

import io.weir.core.ErrorCode;
import io.weir.core.WeirException;

/** A failed try, classified: a permanent failure (a wrong password, a bad query) is not retried. */
public class TaskFailure extends WeirException {
    private final boolean retryable;

    public TaskFailure(String message, boolean retryable) {
        super(ErrorCode.TASK_FAILED, message);
        this.retryable = retryable;
    }

    public TaskFailure(String message, boolean retryable, Throwable cause) {
        super(ErrorCode.TASK_FAILED, message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
