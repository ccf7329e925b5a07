package io.weir.web.ui;

import io.weir.web.api.ApiJson;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** How the pages write times and durations. */
public final class Format {
    private Format() {}

    /** ISO-8601 in UTC as the API writes it, or "-". */
    public static String time(Instant instant) {
        return instant == null ? "-" : ApiJson.timestamp(instant);
    }

    /** {@link #duration(Duration)} of a number of seconds, as the store keeps a task's duration; "-" when unknown. */
    public static String seconds(Double seconds) {
        return seconds == null ? "-" : duration(Duration.ofNanos(Math.round(seconds * 1e9)));
    }

    /**
     * Milliseconds under a second, seconds with one decimal under a minute, then minutes and seconds, hours and
     * minutes; "-" when unknown.
     */
    public static String duration(Duration duration) {
        if (duration == null) {
            return "-";
        }
        if (duration.toMillis() < 1000) {
            return duration.toMillis() + " ms";
        }
        double seconds = duration.toMillis() / 1000.0;
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.1f s", seconds);
        }
        long whole = duration.toSeconds();
        if (whole < 3600) {
            return (whole / 60) + " min " + (whole % 60) + " s";
        }
        return (whole / 3600) + " h " + (whole % 3600 / 60) + " min";
    }
}
