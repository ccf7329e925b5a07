package io.weir.core.time;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** Dates as users write them ({@code 2024-01-01}, ISO-8601 date-times) and as Weir prints them (Airflow's form). */
public final class Dates {
    public static final String ACCEPTED_FORMS =
            "write a date such as 2024-01-01 or an ISO-8601 date-time such as 2024-01-01T06:00:00+01:00";

    private static final Pattern SPACE_SEPARATED = Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d.*");
    private static final DateTimeFormatter WHOLE_SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");
    private static final DateTimeFormatter MICROSECONDS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx");

    private Dates() {}

    /**
     * Parses a date or date-time; a date means midnight in {@code zone}, a date-time without offset is read in
     * {@code zone}.
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static Instant parse(String text, ZoneId zone) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("A date is empty; " + ACCEPTED_FORMS);
        }
        String trimmed = text.trim();
        String iso = SPACE_SEPARATED.matcher(trimmed).matches() ? trimmed.replaceFirst(" ", "T") : trimmed;
        try {
            if (iso.length() == 10) {
                return LocalDate.parse(iso).atStartOfDay(zone).toInstant();
            }
            if (iso.endsWith("Z") || iso.endsWith("z") || iso.matches(".*T.*[+-]\\d{2}:\\d{2}$")) {
                return OffsetDateTime.parse(iso.replace('z', 'Z')).toInstant();
            }
            return LocalDateTime.parse(iso).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + trimmed + "' is not a date; " + ACCEPTED_FORMS, e);
        }
    }

    /** ISO-8601 in UTC with a numeric offset, as Airflow prints dates: {@code 2024-01-01T00:00:00+00:00}. */
    public static String iso(Instant instant) {
        OffsetDateTime utc = instant.atOffset(ZoneOffset.UTC);
        return (utc.getNano() == 0 ? WHOLE_SECONDS : MICROSECONDS).format(utc);
    }
}
