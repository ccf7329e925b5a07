package io.weir.extract.http;

import java.util.List;

/**
 * An object's integrity checks, which a load must pass before it replaces the table.
 *
 * @param minRows the fewest records a load may have
 * @param maxRowChangePercent how far, in percent of the previous load's rows, this load's count may differ
 * @param requiredFields fields every record must have, not null
 * @param uniqueKey fields (columns) no two records may share
 */
public record Checks(long minRows, double maxRowChangePercent, List<String> requiredFields, List<String> uniqueKey) {
    public static final double DEFAULT_MAX_ROW_CHANGE_PERCENT = 25;

    public Checks {
        requiredFields = List.copyOf(requiredFields);
        uniqueKey = List.copyOf(uniqueKey);
    }
}
