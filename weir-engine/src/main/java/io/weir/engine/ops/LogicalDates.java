package io.weir.engine.ops;

import io.weir.core.ErrorCode;
import io.weir.core.WeirException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Parses the dates users type: {@code 2024-01-01} (midnight UTC) or ISO-8601 with or without an offset (UTC). */
public final class LogicalDates {
    private LogicalDates() {}

    public static Instant parse(String text) {
        String value = text.strip();
        try {
            if (value.length() == 10) {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException e) {
                return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
            }
        } catch (DateTimeParseException e) {
            throw new WeirException(
                    ErrorCode.BAD_DATE,
                    "'" + text
                            + "' is not a date: write 2024-01-01 or an ISO-8601 time such as 2024-01-01T06:00:00+00:00");
        }
    }

    /** Whether the text looks like a date rather than a run id. */
    public static boolean looksLikeDate(String text) {
        return text.length() >= 10 && Character.isDigit(text.charAt(0));
    }
}
