package io.weir.warehouse;

/** A statement the warehouse refused, or a connection it would not give; the message says which and why. */
public class WarehouseException extends RuntimeException {
    public WarehouseException(String message, Throwable cause) {
        super(message, cause);
    }

    public WarehouseException(String message) {
        super(message);
    }
}
