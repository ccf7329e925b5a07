package io.weir.web.ui;

import static java.util.Objects.requireNonNull;

import io.weir.store.TaskInstanceRecord;
import io.weir.web.api.ApiJson;

/** What the task-instance page shows of an instance, formatted; {@code path} is its page's URL path. */
public record TaskInstanceView(TaskInstanceRecord instance, String path) {
    public TaskInstanceView {
        requireNonNull(instance, "instance is null");
        requireNonNull(path, "path is null");
    }

    public String state() {
        return instance.state() == null ? "none" : instance.state().label();
    }

    public String queued() {
        return orDash(ApiJson.timestamp(instance.queuedAt()));
    }

    public String started() {
        return orDash(ApiJson.timestamp(instance.startDate()));
    }

    public String ended() {
        return orDash(ApiJson.timestamp(instance.endDate()));
    }

    public String duration() {
        return Format.seconds(instance.durationSeconds());
    }

    private static String orDash(String text) {
        return text == null ? "-" : text;
    }
}
