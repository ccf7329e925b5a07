package io.weir.extract;

import io.weir.core.ErrorCode;
import io.weir.core.WeirException;

/** A bad manifest or a source that cannot be read; the message names the manifest, table and what to do. */
public class ExtractException extends WeirException {
    public ExtractException(String message) {
        super(ErrorCode.USER_INPUT, message);
    }

    public ExtractException(String message, Throwable cause) {
        super(ErrorCode.USER_INPUT, message, cause);
    }
}
