package io.weir.core;

import static java.util.Objects.requireNonNull;

/** A failure with a code and a message meant for the user: it names the file, DAG, task or table and what to do. */
public class WeirException extends RuntimeException {
    private final ErrorCode code;

    public WeirException(ErrorCode code, String message) {
        super(message);
        this.code = requireNonNull(code, "code is null");
    }

    public WeirException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = requireNonNull(code, "code is null");
    }

    public ErrorCode code() {
        return code;
    }
}
