package io.weir.extract.database;

import java.nio.charset.StandardCharsets;

/**
 * Values as a server writes them as text (digits, ISO dates and times), read into what DuckDB stores: whole numbers,
 * unscaled decimals, days and microseconds since 1970. None makes an object; text each cannot read gives
 * {@link #NOT_A_NUMBER}, for its caller to refuse naming the column and the row.
 */
final class ValueText {
    /** What {@link #wholeNumber}, {@link #unscaled} and {@link #micros} give for text they cannot read. */
    static final long NOT_A_NUMBER = Long.MIN_VALUE;

    /** The most digits of a decimal held as a long. */
    static final int MAX_LONG_DIGITS = 18;

    static final long MICROS_PER_DAY = 86_400_000_000L;

    /** How {@link #isTimeOfDay} explains a time it refuses. */
    static final String NOT_A_TIME_OF_DAY = "is not a time of day (00:00:00 to 23:59:59)";

    private ValueText() {}

    /** A whole number's digits, with an optional sign; {@link #NOT_A_NUMBER} when not one or beyond 64 bits. */
    static long wholeNumber(byte[] text, int start, int end) {
        int i = start;
        boolean negative = false;
        if (i < end && (text[i] == '-' || text[i] == '+')) {
            negative = text[i++] == '-';
        }
        if (i == end) {
            return NOT_A_NUMBER;
        }
        // Leading zeros, as a zerofill column has them, do not count towards the nineteen digits a long holds.
        while (i < end - 1 && text[i] == '0') {
            i++;
        }
        if (end - i > 19) {
            return NOT_A_NUMBER;
        }
        // Eighteen digits cannot overflow; a nineteenth is checked once, at the end.
        int safeEnd = Math.min(end, i + 18);
        long value = 0;
        for (; i < safeEnd; i++) {
            int digit = text[i] - '0';
            if (digit < 0 || digit > 9) {
                return NOT_A_NUMBER;
            }
            value = value * 10 + digit;
        }
        if (i < end) {
            int digit = text[i] - '0';
            long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
            // As a negative number: -value * 10 - digit must not pass the limit.
            if (digit < 0 || digit > 9 || -value < (limit + digit) / 10) {
                return NOT_A_NUMBER;
            }
            return negative ? -value * 10 - digit : value * 10 + digit;
        }
        return negative ? -value : value;
    }

    /** Whether {@code text} is -2^63, the one whole number {@link #wholeNumber} gives as {@link #NOT_A_NUMBER}. */
    static boolean isLongMin(byte[] text, int start, int end) {
        try {
            return Long.parseLong(new String(text, start, end - start, StandardCharsets.ISO_8859_1)) == Long.MIN_VALUE;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * A decimal's text as its whole number of units of {@code 10^-scale}, rounded half away from zero where it has
     * more decimals, as DuckDB casts text; {@link #NOT_A_NUMBER} when not a decimal or of more than {@code precision}
     * digits.
     */
    static long unscaled(byte[] text, int start, int end, int scale, int precision) {
        int i = start;
        boolean negative = false;
        if (i < end && (text[i] == '-' || text[i] == '+')) {
            negative = text[i++] == '-';
        }
        long value = 0;
        int decimals = -1; // before the point
        boolean any = false;
        boolean roundUp = false;
        for (; i < end; i++) {
            byte b = text[i];
            if (b == '.' && decimals < 0) {
                decimals = 0;
                continue;
            }
            int digit = b - '0';
            if (digit < 0 || digit > 9) {
                return NOT_A_NUMBER;
            }
            any = true;
            if (decimals >= scale) {
                // Past the scale: only the first such digit decides the rounding.
                roundUp |= decimals == scale && digit >= 5;
                decimals++;
                continue;
            }
            if (decimals >= 0) {
                decimals++;
            }
            if (value >= TENS[MAX_LONG_DIGITS - 1]) {
                return NOT_A_NUMBER;
            }
            value = value * 10 + digit;
        }
        if (!any) {
            return NOT_A_NUMBER;
        }
        for (int d = Math.max(decimals, 0); d < scale; d++) {
            if (value >= TENS[MAX_LONG_DIGITS - 1]) {
                return NOT_A_NUMBER;
            }
            value *= 10;
        }
        if (roundUp) {
            value++;
        }
        if (value >= TENS[precision]) {
            return NOT_A_NUMBER;
        }
        return negative ? -value : value;
    }

    private static final long[] TENS = new long[MAX_LONG_DIGITS + 1];

    static {
        TENS[0] = 1;
        for (int i = 1; i < TENS.length; i++) {
            TENS[i] = TENS[i - 1] * 10;
        }
    }

    /**
     * A date ({@code YYYY-MM-DD}) or date and time ({@code YYYY-MM-DD HH:MM:SS}, with up to six decimals of a second),
     * as microseconds since 1970-01-01 00:00; {@link #NOT_A_NUMBER} when not a valid one.
     */
    static long micros(byte[] text, int start, int end) {
        int length = end - start;
        if (length != 10 && length < 19 || text[start + 4] != '-' || text[start + 7] != '-') {
            return NOT_A_NUMBER;
        }
        int year = number(text, start, 4);
        int month = number(text, start + 5, 2);
        int day = number(text, start + 8, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) {
            return NOT_A_NUMBER;
        }
        long micros = epochDay(year, month, day) * MICROS_PER_DAY;
        if (length == 10) {
            return micros;
        }
        if (text[start + 10] != ' ' || text[start + 13] != ':' || text[start + 16] != ':') {
            return NOT_A_NUMBER;
        }
        int hour = number(text, start + 11, 2);
        int minute = number(text, start + 14, 2);
        int second = number(text, start + 17, 2);
        if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return NOT_A_NUMBER;
        }
        micros += ((hour * 60L + minute) * 60 + second) * 1_000_000;
        if (length == 19) {
            return micros;
        }
        int decimals = length - 20;
        if (text[start + 19] != '.' || decimals < 1 || decimals > 6) {
            return NOT_A_NUMBER;
        }
        int fraction = number(text, start + 20, decimals);
        if (fraction < 0) {
            return NOT_A_NUMBER;
        }
        return micros + fraction * TENS[6 - decimals];
    }

    /** The number written by {@code count} digits at {@code at}, or -1 when one is not a digit. */
    private static int number(byte[] text, int at, int count) {
        int value = 0;
        for (int i = at; i < at + count; i++) {
            int digit = text[i] - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    private static int daysIn(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 of a date of the proleptic Gregorian calendar (year 0 is 1 BC), as DuckDB counts them. */
    static long epochDay(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yearOfEra = y - era * 400;
        long dayOfYear = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }

    /** Whether a date or timestamp has no digit but zero: the server's zero date, which stands for no date. */
    static boolean allZero(byte[] value, int start, int end) {
        for (int i = start; i < end; i++) {
            if (value[i] >= '1' && value[i] <= '9') {
                return false;
            }
        }
        return true;
    }

    static boolean zeroPair(byte[] value, int at) {
        return value[at] == '0' && value[at + 1] == '0';
    }

    /** Whether a time is {@code HH:MM:SS} with hours from 00 to 23, as DuckDB's time holds it. */
    static boolean isTimeOfDay(byte[] value, int start, int end) {
        if (end - start < 8 || value[start + 2] != ':') {
            return false;
        }
        byte tens = value[start];
        byte units = value[start + 1];
        return tens >= '0' && tens <= '1' && units >= '0' && units <= '9'
                || tens == '2' && units >= '0' && units <= '3';
    }
}
