package io.weir.transform.run;

import java.util.Locale;

/**
 * How a node ended, as {@code run_results.json} names it: models, seeds and snapshots end {@code success},
 * {@code error} or {@code skipped}; tests {@code pass}, {@code fail}, {@code warn}, {@code error} or
 * {@code skipped}.
 */
public enum NodeStatus {
    SUCCESS,
    ERROR,
    SKIPPED,
    PASS,
    FAIL,
    WARN;

    public String resultName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether descendants of a node ending so are skipped ({@code error}, and {@code fail} of a test). */
    public boolean blocksDescendants() {
        return this == ERROR || this == FAIL || this == SKIPPED;
    }
}
