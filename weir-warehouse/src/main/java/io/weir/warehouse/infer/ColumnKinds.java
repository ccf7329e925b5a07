package io.weir.warehouse.infer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Infers the kinds of a table's text columns from the rows seen so far: each column keeps the kinds all of its
 * non-null values could be, and ends as the first of them ({@link ValueKind}'s order). Owns mutable state; one per
 * table being read.
 */
public final class ColumnKinds {
    private final int[] candidates;

    public ColumnKinds(int columns) {
        this.candidates = new int[columns];
        Arrays.fill(candidates, ValueKind.all());
    }

    /** Narrows each column's kinds by the row's value in it; a shorter row leaves the columns it lacks alone. */
    public void add(String[] row) {
        for (int i = 0; i < Math.min(row.length, candidates.length); i++) {
            String value = row[i];
            if (value != null && !ValueKind.isNull(value)) {
                candidates[i] &= ValueKind.candidates(value);
            }
        }
    }

    /** Each column's kind: the first every one of its values has; text for a column of nulls only. */
    public List<ValueKind> kinds() {
        List<ValueKind> kinds = new ArrayList<>(candidates.length);
        for (int candidate : candidates) {
            kinds.add(ValueKind.first(candidate));
        }
        return kinds;
    }
}
