package io.weir.transform.materialize;

import io.weir.transform.TransformException;
import io.weir.transform.project.NodeConfig;
import java.util.List;
import java.util.Locale;

/**
 * A snapshot's settings, checked.
 *
 * @param checkStrategy whether rows change by {@code check_cols} ({@code check}) rather than {@code updated_at}
 * @param uniqueKey the key expressions (one, or several for a compound key)
 * @param updatedAt the {@code updated_at} expression; null for the check strategy without one
 * @param checkColumns the compared columns; empty for {@code all}
 * @param invalidateHardDeletes whether rows that vanish from the source are closed
 */
record SnapshotConfig(
        boolean checkStrategy,
        List<String> uniqueKey,
        String updatedAt,
        List<String> checkColumns,
        boolean invalidateHardDeletes) {

    SnapshotConfig {
        uniqueKey = List.copyOf(uniqueKey);
        checkColumns = List.copyOf(checkColumns);
    }

    static SnapshotConfig of(NodeConfig config) {
        String strategy = config.string("strategy");
        if (strategy == null || !(strategy.equalsIgnoreCase("timestamp") || strategy.equalsIgnoreCase("check"))) {
            throw new TransformException("strategy '" + strategy + "' is not a snapshot strategy; set strategy to"
                    + " 'timestamp' (with updated_at) or 'check' (with check_cols)");
        }
        boolean check = strategy.equalsIgnoreCase("check");
        List<String> uniqueKey = config.strings("unique_key").stream()
                .filter(key -> !key.isBlank())
                .toList();
        if (uniqueKey.isEmpty()) {
            throw new TransformException("a snapshot needs unique_key: the column (or list) identifying a row");
        }
        String updatedAt = config.string("updated_at");
        if (!check && (updatedAt == null || updatedAt.isBlank())) {
            throw new TransformException(
                    "the timestamp strategy needs updated_at: the column telling when a row last changed");
        }
        List<String> checkColumns = config.strings("check_cols");
        if (check && checkColumns.isEmpty()) {
            throw new TransformException("the check strategy needs check_cols: 'all' or a list of columns");
        }
        if (checkColumns.size() == 1 && checkColumns.get(0).equalsIgnoreCase("all")) {
            checkColumns = List.of();
        }
        return new SnapshotConfig(check, uniqueKey, updatedAt, checkColumns, hardDeletes(config));
    }

    private static boolean hardDeletes(NodeConfig config) {
        String mode = config.string("hard_deletes");
        if (mode == null) {
            return config.bool("invalidate_hard_deletes", false);
        }
        return switch (mode.strip().toLowerCase(Locale.ROOT)) {
            case "ignore" -> false;
            case "invalidate" -> true;
            case "new_record" -> throw new TransformException(
                    "hard_deletes: new_record is not supported yet; use 'invalidate' to close vanished rows");
            default -> throw new TransformException(
                    "hard_deletes '" + mode + "' is not supported; use 'ignore' or 'invalidate'");
        };
    }
}
