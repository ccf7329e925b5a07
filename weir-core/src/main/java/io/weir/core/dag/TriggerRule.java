package io.weir.core.dag;

import java.util.Locale;

/** When a task may run, given the states of its direct upstream tasks. */
public enum TriggerRule {
    ALL_SUCCESS,
    ALL_FAILED,
    ALL_DONE,
    ALL_SKIPPED,
    ONE_SUCCESS,
    ONE_FAILED,
    ONE_DONE,
    NONE_FAILED,
    NONE_FAILED_MIN_ONE_SUCCESS,
    NONE_SKIPPED,
    ALWAYS;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a rule as written in a DAG file; returns null for an unknown name. */
    public static TriggerRule fromLabel(String label) {
        for (TriggerRule rule : values()) {
            if (rule.label().equals(label)) {
                return rule;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return label();
    }
}
