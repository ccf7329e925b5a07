package io.weir.store;

import io.weir.core.ErrorCode;
import io.weir.core.WeirException;

/** A run with the same DAG and run id or logical date exists already. */
public class DuplicateRunException extends WeirException {
    public DuplicateRunException(String message) {
        super(ErrorCode.USER_INPUT, message);
    }
}
