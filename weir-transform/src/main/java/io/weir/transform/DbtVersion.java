package io.weir.transform;

/** The dbt release whose behaviour Weir follows: reported by {@code weir transform debug} and in artifacts. */
public final class DbtVersion {
    /** Checked against {@code require-dbt-version}, written as {@code dbt_version} in artifacts. */
    public static final String CURRENT = "1.8.0";

    private DbtVersion() {}
}
