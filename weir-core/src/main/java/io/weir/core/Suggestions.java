package io.weir.core;

import java.util.Collection;
import java.util.Optional;

/** "Did you mean" for misspelt names: DAG keys, task types and ids, dbt refs and sources. */
public final class Suggestions {
    private Suggestions() {}

    /** The candidate closest to {@code input} by edit distance, when it is close enough to be a likely typo. */
    public static Optional<String> closest(String input, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int distance = distance(input, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        int allowed = Math.max(2, input.length() / 3);
        return bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /**
     * The end of a message about an unknown {@code input}: {@code ; did you mean 'x'? Then...} when a candidate is
     * close, {@code ; then...} otherwise.
     */
    public static String hint(String input, Collection<String> candidates, String then) {
        return closest(input, candidates)
                .map(closest -> "; did you mean '" + closest + "'? " + Character.toUpperCase(then.charAt(0))
                        + then.substring(1))
                .orElse("; " + then);
    }

    static int distance(String left, String right) {
        int[] previous = new int[right.length() + 1];
        int[] current = new int[right.length() + 1];
        for (int j = 0; j <= right.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= left.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= right.length(); j++) {
                int substitution = previous[j - 1] + (left.charAt(i - 1) == right.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[right.length()];
    }
}
