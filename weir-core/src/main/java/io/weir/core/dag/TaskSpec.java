package io.weir.core.dag;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One task as declared in a DAG file, with defaults applied. {@code params} holds the task type's own keys
 * (unrendered: templates are rendered per try). {@code owner} is the team or person the task (or the DAG's
 * {@code default_args}) names as its owner, or null when none is named.
 */
public record TaskSpec(
        String taskId,
        String type,
        List<String> upstream,
        TriggerRule triggerRule,
        int retries,
        Duration retryDelay,
        boolean retryExponentialBackoff,
        Duration maxRetryDelay,
        Duration executionTimeout,
        boolean dependsOnPast,
        boolean waitForDownstream,
        int priorityWeight,
        String pool,
        int poolSlots,
        List<String> secrets,
        String owner,
        Map<String, Object> params,
        int line) {

    public static final String DEFAULT_POOL = "default_pool";

    public TaskSpec {
        requireNonNull(taskId, "taskId is null");
        requireNonNull(type, "type is null");
        upstream = List.copyOf(upstream);
        requireNonNull(triggerRule, "triggerRule is null");
        requireNonNull(retryDelay, "retryDelay is null");
        secrets = List.copyOf(secrets);
        params = Map.copyOf(params);
        requireNonNull(pool, "pool is null");
        if (retries < 0) {
            throw new IllegalArgumentException("retries is negative: " + retries);
        }
        if (poolSlots < 1) {
            throw new IllegalArgumentException("pool_slots must be at least 1: " + poolSlots);
        }
    }

    /** Tries allowed in all: the first plus the retries. */
    public int maxTries() {
        return retries + 1;
    }
}
