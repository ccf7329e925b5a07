package io.weir.transform.run;

import static java.util.Objects.requireNonNull;

/**
 * What running one node gave.
 *
 * @param status how it ended
 * @param message the console's and {@code run_results.json}'s message: the adapter response ({@code SELECT 42},
 *     {@code INSERT 0 3}), a test's {@code Got 3 results, configured to fail if != 0}, or the error
 * @param adapterMessage dbt's {@code adapter_response._message}, such as {@code CREATE TABLE}; null when none
 * @param rowsAffected rows the statement wrote, or -1 when unknown
 * @param failures for a test, the failing rows counted; null otherwise
 */
public record NodeOutcome(NodeStatus status, String message, String adapterMessage, long rowsAffected, Long failures) {
    public NodeOutcome {
        requireNonNull(status, "status is null");
    }

    public static NodeOutcome error(String message) {
        return new NodeOutcome(NodeStatus.ERROR, message, null, -1, null);
    }

    public static NodeOutcome skipped(String message) {
        return new NodeOutcome(NodeStatus.SKIPPED, message, null, -1, null);
    }
}
