package io.weir.web.ui;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A page that lists what an action will change and asks before doing it: the confirming form posts {@code fields}
 * again to {@code action} with {@code confirmed=yes}.
 */
public record Confirmation(
        String title,
        String summary,
        List<InstanceRow> instances,
        String action,
        List<Field> fields,
        String button,
        String cancel) {
    public Confirmation {
        requireNonNull(title, "title is null");
        requireNonNull(summary, "summary is null");
        instances = List.copyOf(instances);
        requireNonNull(action, "action is null");
        fields = List.copyOf(fields);
        requireNonNull(button, "button is null");
        requireNonNull(cancel, "cancel is null");
    }

    /** A form field carried from the asking form to the confirming one. */
    public record Field(String name, String value) {}
}
