package io.weir.extract.http;

import io.weir.extract.ExtractException;

/** An API that did not give a page: retryable when a later try may get it (5xx, 429, a dropped connection). */
public final class ApiFailure extends ExtractException {
    private static final long serialVersionUID = 1L;
    private final boolean retryable;

    ApiFailure(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
