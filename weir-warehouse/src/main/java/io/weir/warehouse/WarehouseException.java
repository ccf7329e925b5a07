package io.weir.warehouse;

import io.weir.core.ErrorCode;
import io.weir.core.WeirException;

/** A statement the warehouse refused, or a connection it would not give; the message says which and why. */
public class WarehouseException extends WeirException {
    public WarehouseException(String message, Throwable cause) {
        super(ErrorCode.WAREHOUSE, message, cause);
    }

    public WarehouseException(String message) {
        super(ErrorCode.WAREHOUSE, message);
    }
}
