package io.weir.core.state;

import java.util.Locale;

/** Task-instance states, as Airflow names them. {@link #NONE} is a created instance whose dependencies are not met. */
public enum TaskState {
    NONE,
    SCHEDULED,
    QUEUED,
    RUNNING,
    SUCCESS,
    FAILED,
    UP_FOR_RETRY,
    UP_FOR_RESCHEDULE,
    UPSTREAM_FAILED,
    SKIPPED,
    REMOVED;

    /** The lower-case name used in the metadata DB, the CLI and the API. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TaskState fromLabel(String label) {
        if (label == null) {
            return NONE;
        }
        return valueOf(label.toUpperCase(Locale.ROOT));
    }

    public boolean isFinished() {
        return switch (this) {
            case SUCCESS, FAILED, SKIPPED, UPSTREAM_FAILED, REMOVED -> true;
            case NONE, SCHEDULED, QUEUED, RUNNING, UP_FOR_RETRY, UP_FOR_RESCHEDULE -> false;
        };
    }

    public boolean isSuccessLike() {
        return this == SUCCESS || this == SKIPPED;
    }

    public boolean isFailedLike() {
        return this == FAILED || this == UPSTREAM_FAILED;
    }

    @Override
    public String toString() {
        return label();
    }
}
