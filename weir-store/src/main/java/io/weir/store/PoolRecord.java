package io.weir.store;

/** A pool of slots that limits how many task instances of it run at once. */
public record PoolRecord(String name, int slots, String description) {
    public static final String DEFAULT_POOL = "default_pool";
    public static final int DEFAULT_SLOTS = 128;
}
