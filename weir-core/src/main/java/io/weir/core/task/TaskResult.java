package io.weir.core.task;

import static java.util.Objects.requireNonNull;

/**
 * How a try ended when it did not fail.
 *
 * @param xcom the value to store as the task's {@code return_value} XCom (a JSON-serialisable value), or null to
 *     use what the task wrote to {@code WEIR_XCOM_FILE}, if anything
 */
public record TaskResult(Outcome outcome, String message, Object xcom) {

    public enum Outcome {
        SUCCESS,
        SKIPPED
    }

    public TaskResult {
        requireNonNull(outcome, "outcome is null");
    }

    public static TaskResult success() {
        return new TaskResult(Outcome.SUCCESS, null, null);
    }

    public static TaskResult success(Object xcom) {
        return new TaskResult(Outcome.SUCCESS, null, xcom);
    }

    public static TaskResult skipped(String message) {
        return new TaskResult(Outcome.SKIPPED, message, null);
    }
}
