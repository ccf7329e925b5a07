package io.weir.warehouse;

/**
 * The kinds of credentials a warehouse is used with. Each is configured by {@code WEIR_WAREHOUSE_<FLAVOR>_URL},
 * {@code _USER}, {@code _PASSWORD} and {@code _ROLE}; a flavor that is not configured falls back to the warehouse's
 * own settings.
 */
public enum Flavor {
    /** Extract tasks landing data in RAW. */
    LOAD,
    /** Transform models and snapshots. */
    TRANSFORM,
    /** Data tests. */
    TEST,
    /** The permission bot. */
    PERMISSION,
    /** Housekeeping such as review databases. */
    SYSADMIN;

    /** The prefix of this flavor's environment variables, such as {@code WEIR_WAREHOUSE_TRANSFORM_}. */
    public String environmentPrefix() {
        return "WEIR_WAREHOUSE_" + name() + "_";
    }
}
