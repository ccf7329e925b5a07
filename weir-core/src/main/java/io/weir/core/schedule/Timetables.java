package io.weir.core.schedule;

import static java.util.Objects.requireNonNull;

import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;

/** Builds a {@link Timetable} from a schedule as DAG files write it: a preset, a 5-field cron, or none. */
public final class Timetables {
    public static final String ACCEPTED_FORMS =
            "use a 5-field cron expression such as \"0 */6 * * *\" or one of @once, @hourly, @daily, @weekly,"
                    + " @monthly, @yearly";

    private static final Map<String, String> PRESETS = Map.of(
            "@hourly", "0 * * * *",
            "@daily", "0 0 * * *",
            "@midnight", "0 0 * * *",
            "@weekly", "0 0 * * 0",
            "@monthly", "0 0 1 * *",
            "@yearly", "0 0 1 1 *",
            "@annually", "0 0 1 1 *");

    private Timetables() {}

    /**
     * Returns null for no schedule (null, blank or {@code None}).
     *
     * @throws IllegalArgumentException with the reason when the expression is not a valid schedule
     */
    public static Timetable parse(String expression, ZoneId zone) {
        requireNonNull(zone, "zone is null");
        if (expression == null || expression.isBlank() || expression.trim().equals("None")) {
            return null;
        }
        String trimmed = expression.trim();
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (lower.equals("@once")) {
            return new OnceTimetable();
        }
        if (lower.startsWith("@")) {
            String cron = PRESETS.get(lower);
            if (cron == null) {
                throw new IllegalArgumentException(
                        "Schedule '" + trimmed + "' is not a known preset; " + ACCEPTED_FORMS);
            }
            return new CronTimetable(trimmed, cron, zone);
        }
        return new CronTimetable(trimmed, trimmed, zone);
    }
}
