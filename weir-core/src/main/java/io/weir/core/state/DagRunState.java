package io.weir.core.state;

import java.util.Locale;

/** DAG-run states. */
public enum DagRunState {
    QUEUED,
    RUNNING,
    SUCCESS,
    FAILED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DagRunState fromLabel(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }

    public boolean isFinished() {
        return this == SUCCESS || this == FAILED;
    }

    @Override
    public String toString() {
        return label();
    }
}
