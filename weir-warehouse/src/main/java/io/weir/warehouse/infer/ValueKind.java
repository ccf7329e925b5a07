package io.weir.warehouse.infer;

import io.weir.warehouse.Dialect;
import io.weir.warehouse.load.LoadType;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a text value (a seed's, a landed sheet's) looks like, in the order inference tries them: a column takes the
 * first kind every one of its non-null values has. Each kind also writes a value the way both warehouses read it.
 * Seeds and {@code extract.files} with {@code infer_types} share it, so a CSV gets the same types either way.
 */
public enum ValueKind {
    INTEGER,
    FLOAT,
    DATE,
    TIMESTAMP,
    BOOLEAN,
    TEXT;

    private static final Pattern INTEGER_TEXT = Pattern.compile("[+-]?\\d+");
    private static final Pattern NUMBER_TEXT = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern DATE_TIME_TEXT = Pattern.compile("(\\d{4})-(\\d{1,2})-(\\d{1,2})"
            + "(?:[T ](\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?(Z|[+-]\\d{2}(?::?\\d{2})?)?)?");
    private static final int ALL = (1 << values().length) - 1;

    /** Whether {@code value} means NULL in a seed: empty, blank or {@code null} in any case. */
    public static boolean isNull(String value) {
        String trimmed = value.strip();
        return trimmed.isEmpty() || trimmed.equalsIgnoreCase("null");
    }

    /** The kinds {@code value} (not null) could be, as a bit set over {@link #ordinal()}. */
    public static int candidates(String value) {
        String trimmed = value.strip();
        int kinds = bit(TEXT);
        if (INTEGER_TEXT.matcher(trimmed).matches() && fitsLong(trimmed)) {
            kinds |= bit(INTEGER);
        }
        if (NUMBER_TEXT.matcher(trimmed).matches()) {
            kinds |= bit(FLOAT);
        }
        LocalDateTime dateTime = dateTime(trimmed);
        if (dateTime != null) {
            kinds |= bit(TIMESTAMP);
            if (trimmed.length() <= 10) {
                kinds |= bit(DATE);
            }
        }
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (lower.equals("true") || lower.equals("false")) {
            kinds |= bit(BOOLEAN);
        }
        return kinds;
    }

    public static int all() {
        return ALL;
    }

    /** The first kind in {@code kinds}, a bit set that always holds {@link #TEXT}. */
    public static ValueKind first(int kinds) {
        return values()[Integer.numberOfTrailingZeros(kinds | bit(TEXT))];
    }

    public String sqlType(Dialect dialect) {
        return switch (this) {
            case INTEGER -> dialect.integerType();
            case FLOAT -> dialect.floatType();
            case DATE -> dialect.dateType();
            case TIMESTAMP -> dialect.timestampType();
            case BOOLEAN -> dialect.booleanType();
            case TEXT -> dialect.textType();
        };
    }

    /** The loading path's type of this kind, as {@link #sqlType} names it. */
    public LoadType loadType() {
        return switch (this) {
            case INTEGER -> LoadType.of(LoadType.Kind.BIGINT);
            case FLOAT -> LoadType.of(LoadType.Kind.DOUBLE);
            case DATE -> LoadType.of(LoadType.Kind.DATE);
            case TIMESTAMP -> LoadType.of(LoadType.Kind.TIMESTAMP);
            case BOOLEAN -> LoadType.of(LoadType.Kind.BOOLEAN);
            case TEXT -> LoadType.of(LoadType.Kind.TEXT);
        };
    }

    /** {@code value} as the Java value of {@link #loadType()}: null for NULL, else a value of this kind. */
    public Object value(String value) {
        if (isNull(value)) {
            return null;
        }
        String trimmed = value.strip();
        return switch (this) {
            case INTEGER -> Long.parseLong(trimmed);
            case FLOAT -> Double.parseDouble(trimmed);
            case DATE -> dateTime(trimmed).toLocalDate();
            case TIMESTAMP -> dateTime(trimmed);
            case BOOLEAN -> Boolean.parseBoolean(trimmed.toLowerCase(Locale.ROOT));
            case TEXT -> value;
        };
    }

    /** {@code value} (not null, of this kind) as both warehouses parse it. */
    public String normalize(String value) {
        String trimmed = value.strip();
        return switch (this) {
            case INTEGER -> Long.toString(Long.parseLong(trimmed));
            case FLOAT -> trimmed;
            case DATE -> dateTime(trimmed).toLocalDate().toString();
            case TIMESTAMP -> {
                LocalDateTime dateTime = dateTime(trimmed);
                yield dateTime.toLocalDate() + " " + dateTime.toLocalTime();
            }
            case BOOLEAN -> trimmed.toLowerCase(Locale.ROOT);
            case TEXT -> value;
        };
    }

    private static int bit(ValueKind kind) {
        return 1 << kind.ordinal();
    }

    private static boolean fitsLong(String digits) {
        try {
            Long.parseLong(digits);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The date and time of an ISO-like text, its offset dropped as PostgreSQL does for {@code timestamp}. */
    private static LocalDateTime dateTime(String text) {
        if (text.length() < 8 || !Character.isDigit(text.charAt(0))) {
            return null;
        }
        Matcher matcher = DATE_TIME_TEXT.matcher(text);
        if (!matcher.matches()) {
            return null;
        }
        try {
            LocalDate date = LocalDate.of(number(matcher, 1), number(matcher, 2), number(matcher, 3));
            if (matcher.group(4) == null) {
                return date.atStartOfDay();
            }
            String fraction = matcher.group(7) == null ? "" : matcher.group(7);
            int nanos = fraction.isEmpty() ? 0 : Integer.parseInt((fraction + "00000000").substring(0, 9));
            LocalTime time = LocalTime.of(
                    number(matcher, 4), number(matcher, 5), matcher.group(6) == null ? 0 : number(matcher, 6), nanos);
            return date.atTime(time);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static int number(Matcher matcher, int group) {
        return Integer.parseInt(matcher.group(group));
    }
}
