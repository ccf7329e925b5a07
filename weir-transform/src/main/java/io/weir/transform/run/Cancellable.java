package io.weir.transform.run;

/** Stops work in progress from another thread, such as {@code WarehouseSession::cancel}. */
@FunctionalInterface
public interface Cancellable {
    void cancel();
}
