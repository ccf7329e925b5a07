package io.weir.core.state;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** What the scheduling rules need to know of one task instance. */
public record TaskInstanceView(String taskId, TaskState state, int tryNumber, Instant nextRetryAt) {
    public TaskInstanceView {
        requireNonNull(taskId, "taskId is null");
        requireNonNull(state, "state is null");
    }
}
