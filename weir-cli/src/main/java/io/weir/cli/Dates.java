package io.weir.cli;

import io.weir.core.ErrorCode;
import io.weir.core.WeirException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

/** The dates a user types on the command line and the timestamps the CLI prints. */
public final class Dates {
    // As Airflow prints them: seconds always, microseconds only when present, "+00:00" rather than "Z".
    private static final DateTimeFormatter OUTPUT = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral('T')
            .appendValue(ChronoField.HOUR_OF_DAY, 2)
            .appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
            .appendLiteral(':')
            .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .appendFraction(ChronoField.MICRO_OF_SECOND, 0, 6, true)
            .appendOffset("+HH:MM", "+00:00")
            .toFormatter();

    private Dates() {}

    /**
     * Parses a DATE argument: {@code 2024-01-01} (midnight UTC) or an ISO-8601 timestamp with {@code Z} or an offset
     * ({@code 2024-01-01T06:00:00+02:00}); a space may stand for the {@code T}.
     */
    public static Instant parse(String text) {
        if (text == null || text.isBlank()) {
            throw new WeirException(ErrorCode.BAD_DATE, "a date is required; use 2024-01-01 or 2024-01-01T00:00:00Z");
        }
        String trimmed = text.strip();
        try {
            return LocalDate.parse(trimmed).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException notADate) {
            // not a plain date; try a timestamp below
        }
        String timestamp = trimmed.length() > 10 && trimmed.charAt(10) == ' '
                ? trimmed.substring(0, 10) + 'T' + trimmed.substring(11)
                : trimmed;
        try {
            return OffsetDateTime.parse(timestamp).toInstant();
        } catch (DateTimeParseException notATimestamp) {
            // tell a timestamp without an offset apart from something that is no date at all
        }
        try {
            LocalDateTime.parse(timestamp);
            throw new WeirException(
                    ErrorCode.BAD_DATE,
                    "'" + trimmed + "' has no time zone; add Z or an offset, for example " + trimmed + "Z");
        } catch (DateTimeParseException notLocal) {
            throw new WeirException(
                    ErrorCode.BAD_DATE,
                    "'" + trimmed + "' is not a date; use 2024-01-01 or an ISO-8601 timestamp such as "
                            + "2024-01-01T00:00:00+00:00");
        }
    }

    /** Formats a timestamp in UTC as ISO-8601 with an offset: {@code 2024-01-01T00:00:00+00:00}. */
    public static String format(Instant instant) {
        return OUTPUT.format(instant.atOffset(ZoneOffset.UTC));
    }

    /** Formats a timestamp keeping its own offset. */
    public static String format(OffsetDateTime dateTime) {
        return OUTPUT.format(dateTime);
    }
}
