package io.weir.warehouse.load;

import static java.util.Objects.requireNonNull;

import io.weir.warehouse.Relation;
import java.time.Instant;
import java.util.List;

/**
 * One load into one table.
 *
 * @param target the table, such as {@code raw.tap_postgres.license_db_add_ons}
 * @param mode how the rows meet the table's rows
 * @param key the key columns of {@link LoadMode#MERGE}; empty for the other modes
 * @param runId written to every row's {@code _weir_run_id}
 * @param uploadedAt written to every row's {@code _uploaded_at}
 * @param privateTarget whether no one but this load reads or writes the table while it loads (a sync's
 *     {@code <table>_temp}), so that the load may lock it whole
 */
public record LoadRequest(
        Relation target, LoadMode mode, List<String> key, String runId, Instant uploadedAt, boolean privateTarget) {
    /** A load into a table others may read meanwhile. */
    public LoadRequest(Relation target, LoadMode mode, List<String> key, String runId, Instant uploadedAt) {
        this(target, mode, key, runId, uploadedAt, false);
    }

    public LoadRequest {
        requireNonNull(target, "target is null");
        requireNonNull(mode, "mode is null");
        requireNonNull(runId, "runId is null");
        requireNonNull(uploadedAt, "uploadedAt is null");
        key = List.copyOf(key);
        if (mode == LoadMode.MERGE && key.isEmpty()) {
            throw new IllegalArgumentException("a merge into " + target + " needs a key");
        }
    }
}
