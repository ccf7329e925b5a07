package io.weir.transform.run;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a run did: one result per selected node in the order the nodes ended (nodes a stopped run never reached
 * come last, skipped), when it started and how long it took.
 *
 * @param cancelled whether the run was stopped early, by {@link Runner#cancel()} or by fail-fast
 */
public record RunReport(List<NodeResult> results, Instant startedAt, Duration elapsed, boolean cancelled) {

    public RunReport {
        results = List.copyOf(results);
        requireNonNull(startedAt, "startedAt is null");
        requireNonNull(elapsed, "elapsed is null");
    }

    /** How many nodes ended with each status; every status is present. */
    public Map<NodeStatus, Integer> counts() {
        Map<NodeStatus, Integer> counts = new EnumMap<>(NodeStatus.class);
        for (NodeStatus status : NodeStatus.values()) {
            counts.put(status, 0);
        }
        results.forEach(result -> counts.merge(result.status(), 1, Integer::sum));
        return Collections.unmodifiableMap(counts);
    }

    /** Whether no node ended in error or failed and the run was not cancelled. */
    public boolean success() {
        return !cancelled
                && results.stream()
                        .noneMatch(result -> result.status() == NodeStatus.ERROR || result.status() == NodeStatus.FAIL);
    }

    public Optional<NodeResult> result(String uniqueId) {
        return results.stream()
                .filter(result -> result.uniqueId().equals(uniqueId))
                .findFirst();
    }
}
