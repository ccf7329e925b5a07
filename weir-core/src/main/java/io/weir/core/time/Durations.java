package io.weir.core.time;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as DAG files and settings write them: {@code 30s}, {@code 5m}, {@code 1h30m}, {@code PT5M}, {@code 300}. */
public final class Durations {
    public static final String ACCEPTED_FORMS =
            "write 30s, 5m, 2h, 1d, a combination such as 1h30m, ISO-8601 such as PT5M, or a number of seconds";

    private static final Pattern SECONDS = Pattern.compile("\\d+");
    private static final Pattern PART = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)\\s*");

    private Durations() {}

    /**
     * Parses a non-negative duration.
     *
     * @throws IllegalArgumentException naming the accepted forms when the text is none of them
     */
    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("A duration is empty; " + ACCEPTED_FORMS);
        }
        String trimmed = text.trim();
        try {
            Duration duration = parseTrimmed(trimmed);
            if (duration == null) {
                throw new IllegalArgumentException("'" + trimmed + "' is not a duration; " + ACCEPTED_FORMS);
            }
            if (duration.isNegative()) {
                throw new IllegalArgumentException("'" + trimmed + "' is negative; a duration must be zero or more");
            }
            return duration;
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + trimmed + "' is too long a duration; " + ACCEPTED_FORMS, e);
        }
    }

    private static Duration parseTrimmed(String text) {
        if (SECONDS.matcher(text).matches()) {
            return Duration.ofSeconds(Long.parseLong(text));
        }
        String upper = text.toUpperCase(Locale.ROOT);
        if (upper.startsWith("P") || upper.startsWith("-P")) {
            try {
                return Duration.parse(upper);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        Matcher matcher = PART.matcher(text.toLowerCase(Locale.ROOT));
        Duration total = Duration.ZERO;
        int position = 0;
        while (position < text.length() && matcher.find(position) && matcher.start() == position) {
            long amount = Long.parseLong(matcher.group(1));
            Duration part =
                    switch (matcher.group(2)) {
                        case "ms" -> Duration.ofMillis(amount);
                        case "s" -> Duration.ofSeconds(amount);
                        case "m" -> Duration.ofMinutes(amount);
                        case "h" -> Duration.ofHours(amount);
                        default -> Duration.ofDays(amount);
                    };
            total = total.plus(part);
            position = matcher.end();
        }
        return position == text.length() && position > 0 ? total : null;
    }

    /** A short display form: {@code 1h 30m}, {@code 2d 3h}, {@code 45s}, {@code 250ms}, {@code 0s}. */
    public static String format(Duration duration) {
        if (duration.isNegative()) {
            return "-" + format(duration.negated());
        }
        if (duration.isZero()) {
            return "0s";
        }
        StringBuilder text = new StringBuilder();
        append(text, duration.toDaysPart(), "d");
        append(text, duration.toHoursPart(), "h");
        append(text, duration.toMinutesPart(), "m");
        append(text, duration.toSecondsPart(), "s");
        if (text.length() == 0) {
            append(text, duration.toMillisPart(), "ms");
        }
        return text.length() == 0 ? duration.toNanos() + "ns" : text.toString();
    }

    private static void append(StringBuilder text, long amount, String unit) {
        if (amount != 0) {
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(amount).append(unit);
        }
    }
}
