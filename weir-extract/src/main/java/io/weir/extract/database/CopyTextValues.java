package io.weir.extract.database;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Reads the values of PostgreSQL's {@code COPY} text format (ISO dates, {@code \N} for null, backslash escapes) as
 * the same Java values the JDBC driver gives for them, infinities included, without the driver's per-value work.
 */
final class CopyTextValues {
    private static final int[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    private final String where;
    private char[] chars = new char[64];
    private byte[] unescaped = new byte[256];

    CopyTextValues(String where) {
        this.where = where;
    }

    /** The value of the field {@code line[start, end)} of row {@code row} (counted from 1), or null. */
    Object read(byte[] line, int start, int end, SourceColumn column, long row) {
        if (end - start == 2 && line[start] == '\\' && line[start + 1] == 'N') {
            return null;
        }
        try {
            return switch (column.reading()) {
                case BOOLEAN -> line[start] == 't';
                case SHORT -> (short) parseLong(line, start, end);
                case INT -> (int) parseLong(line, start, end);
                case LONG -> parseLong(line, start, end);
                case DECIMAL -> decimal(line, start, end);
                case FLOAT -> Float.parseFloat(string(line, start, end));
                case DOUBLE -> Double.parseDouble(string(line, start, end));
                case STRING -> string(line, start, end);
                case DATE -> date(line, start, end);
                case TIME -> time(line, start, end);
                case TIMESTAMP -> timestamp(line, start, end);
                case TIMESTAMPTZ -> timestampWithZone(line, start, end);
                case UUID -> UUID.fromString(string(line, start, end));
                case BYTES -> bytes(line, start, end);
                case ARRAY_AS_JSON,
                        TEXT_DATE,
                        TEXT_TIMESTAMP,
                        SQLITE_BOOLEAN,
                        TIME_OF_DAY -> throw new IllegalArgumentException(
                        column.reading() + " is not read from COPY text");
            };
        } catch (NumberFormatException | DateTimeException | ArrayIndexOutOfBoundsException e) {
            String text = string(line, start, end);
            throw new SourceReadException(
                    "Column " + column.column().name() + " of " + where + " holds '" + text + "' in row " + row
                            + ", which is no " + column.column().type() + "; cast it in the import_query",
                    new SQLException(e.getMessage(), "22000", e));
        }
    }

    private static long parseLong(byte[] line, int start, int end) {
        boolean negative = line[start] == '-';
        int i = negative ? start + 1 : start;
        if (i >= end || end - i > 19) {
            return Long.parseLong(new String(line, start, end - start, StandardCharsets.US_ASCII));
        }
        long value = 0;
        for (; i < end; i++) {
            int digit = line[i] - '0';
            if (digit < 0 || digit > 9) {
                throw new NumberFormatException("not a whole number");
            }
            value = value * 10 - digit;
            if (value > 0) {
                return Long.parseLong(new String(line, start, end - start, StandardCharsets.US_ASCII));
            }
        }
        if (!negative && value == Long.MIN_VALUE) {
            throw new NumberFormatException("out of range");
        }
        return negative ? value : -value;
    }

    /** A numeric; one of up to 18 digits is read as a whole number and a scale, without parsing text twice. */
    private BigDecimal decimal(byte[] line, int start, int end) {
        boolean negative = line[start] == '-';
        long unscaled = 0;
        int digits = 0;
        int scale = 0;
        boolean point = false;
        for (int i = negative ? start + 1 : start; i < end; i++) {
            byte b = line[i];
            if (b == '.' && !point) {
                point = true;
            } else if (b >= '0' && b <= '9' && digits < 18) {
                unscaled = unscaled * 10 + (b - '0');
                digits++;
                scale += point ? 1 : 0;
            } else {
                return new BigDecimal(ascii(line, start, end), 0, end - start);
            }
        }
        if (digits == 0) {
            return new BigDecimal(ascii(line, start, end), 0, end - start);
        }
        return BigDecimal.valueOf(negative ? -unscaled : unscaled, scale);
    }

    private char[] ascii(byte[] line, int start, int end) {
        int length = end - start;
        if (chars.length < length) {
            chars = new char[Math.max(length, chars.length * 2)];
        }
        for (int i = 0; i < length; i++) {
            chars[i] = (char) line[start + i];
        }
        return chars;
    }

    /** The field as text, its backslash escapes undone. */
    private String string(byte[] line, int start, int end) {
        int backslash = indexOf(line, start, end, (byte) '\\');
        if (backslash < 0) {
            return new String(line, start, end - start, StandardCharsets.UTF_8);
        }
        int length = unescape(line, start, end);
        return new String(unescaped, 0, length, StandardCharsets.UTF_8);
    }

    private int unescape(byte[] line, int start, int end) {
        if (unescaped.length < end - start) {
            unescaped = new byte[Math.max(end - start, unescaped.length * 2)];
        }
        int length = 0;
        for (int i = start; i < end; i++) {
            byte b = line[i];
            if (b != '\\' || i + 1 == end) {
                unescaped[length++] = b;
                continue;
            }
            byte next = line[++i];
            switch (next) {
                case 'b' -> unescaped[length++] = '\b';
                case 'f' -> unescaped[length++] = '\f';
                case 'n' -> unescaped[length++] = '\n';
                case 'r' -> unescaped[length++] = '\r';
                case 't' -> unescaped[length++] = '\t';
                case 'v' -> unescaped[length++] = 0x0b;
                case 'x' -> {
                    int value = 0;
                    int digits = 0;
                    while (digits < 2 && i + 1 < end && Character.digit(line[i + 1], 16) >= 0) {
                        value = value * 16 + Character.digit(line[++i], 16);
                        digits++;
                    }
                    unescaped[length++] = digits == 0 ? (byte) 'x' : (byte) value;
                }
                default -> {
                    if (next >= '0' && next <= '7') {
                        int value = next - '0';
                        for (int digits = 1;
                                digits < 3 && i + 1 < end && line[i + 1] >= '0' && line[i + 1] <= '7';
                                digits++) {
                            value = value * 8 + line[++i] - '0';
                        }
                        unescaped[length++] = (byte) value;
                    } else {
                        unescaped[length++] = next;
                    }
                }
            }
        }
        return length;
    }

    /** bytea: {@code \x} and hex digits (PostgreSQL's default output), or the older escape format. */
    private byte[] bytes(byte[] line, int start, int end) {
        int length = unescape(line, start, end);
        if (length >= 2 && unescaped[0] == '\\' && unescaped[1] == 'x') {
            return HexFormat.of().parseHex(new String(unescaped, 2, length - 2, StandardCharsets.US_ASCII));
        }
        byte[] decoded = new byte[length];
        int size = 0;
        for (int i = 0; i < length; i++) {
            if (unescaped[i] == '\\' && i + 1 < length && unescaped[i + 1] == '\\') {
                decoded[size++] = '\\';
                i++;
            } else if (unescaped[i] == '\\' && i + 3 < length) {
                decoded[size++] =
                        (byte) Integer.parseInt(new String(unescaped, i + 1, 3, StandardCharsets.US_ASCII), 8);
                i += 3;
            } else {
                decoded[size++] = unescaped[i];
            }
        }
        return Arrays.copyOf(decoded, size);
    }

    private static LocalDate date(byte[] line, int start, int end) {
        if (isInfinity(line, start, end)) {
            return line[start] == '-' ? LocalDate.MIN : LocalDate.MAX;
        }
        boolean bc = isBc(line, start, end);
        return date(line, start, bc ? end - 3 : end, bc);
    }

    /** {@code yyyy-mm-dd}, the year of one or more digits; BC years count back from 1 BC, year 0. */
    private static LocalDate date(byte[] line, int start, int end, boolean bc) {
        int dash = indexOf(line, start, end, (byte) '-');
        int year = digits(line, start, dash);
        return LocalDate.of(bc ? 1 - year : year, digits(line, dash + 1, dash + 3), digits(line, dash + 4, dash + 6));
    }

    /** {@code hh:mm:ss} with up to nine digits of fraction; 24:00:00 is the end of the day, as the driver reads it. */
    private static LocalTime time(byte[] line, int start, int end) {
        int hour = digits(line, start, start + 2);
        int minute = digits(line, start + 3, start + 5);
        int second = digits(line, start + 6, start + 8);
        int nanos = 0;
        if (start + 8 < end && line[start + 8] == '.') {
            int fraction = Math.min(end, start + 18);
            nanos = digits(line, start + 9, fraction) * POWERS[9 - (fraction - start - 9)];
        }
        if (hour == 24) {
            return LocalTime.MAX;
        }
        return LocalTime.of(hour, minute, second, nanos);
    }

    private static LocalDateTime timestamp(byte[] line, int start, int end) {
        if (isInfinity(line, start, end)) {
            return line[start] == '-' ? LocalDateTime.MIN : LocalDateTime.MAX;
        }
        boolean bc = isBc(line, start, end);
        int last = bc ? end - 3 : end;
        int space = indexOf(line, start, last, (byte) ' ');
        return LocalDateTime.of(date(line, start, space, bc), time(line, space + 1, last));
    }

    /** A timestamp with its offset ({@code +hh}, {@code +hh:mm} or {@code +hh:mm:ss}), as an instant in UTC. */
    private static OffsetDateTime timestampWithZone(byte[] line, int start, int end) {
        if (isInfinity(line, start, end)) {
            return line[start] == '-' ? OffsetDateTime.MIN : OffsetDateTime.MAX;
        }
        boolean bc = isBc(line, start, end);
        int last = bc ? end - 3 : end;
        int space = indexOf(line, start, last, (byte) ' ');
        int sign = space + 9;
        while (sign < last && line[sign] != '+' && line[sign] != '-') {
            sign++;
        }
        int offsetSeconds = digits(line, sign + 1, sign + 3) * 3600;
        if (sign + 3 < last) {
            offsetSeconds += digits(line, sign + 4, sign + 6) * 60;
        }
        if (sign + 6 < last) {
            offsetSeconds += digits(line, sign + 7, sign + 9);
        }
        LocalDateTime local = LocalDateTime.of(date(line, start, space, bc), time(line, space + 1, sign));
        if (offsetSeconds == 0) {
            return OffsetDateTime.of(local, ZoneOffset.UTC);
        }
        ZoneOffset offset = ZoneOffset.ofTotalSeconds(line[sign] == '-' ? -offsetSeconds : offsetSeconds);
        return OffsetDateTime.of(local, offset).withOffsetSameInstant(ZoneOffset.UTC);
    }

    private static boolean isInfinity(byte[] line, int start, int end) {
        return line[start] == 'i' || line[start] == '-' && end - start > 1 && line[start + 1] == 'i';
    }

    private static boolean isBc(byte[] line, int start, int end) {
        return end - start > 3 && line[end - 3] == ' ' && line[end - 2] == 'B' && line[end - 1] == 'C';
    }

    private static int digits(byte[] line, int start, int end) {
        if (start >= end) {
            throw new NumberFormatException("digits expected");
        }
        int value = 0;
        for (int i = start; i < end; i++) {
            int digit = line[i] - '0';
            if (digit < 0 || digit > 9) {
                throw new NumberFormatException("digit expected");
            }
            value = value * 10 + digit;
        }
        return value;
    }

    private static int indexOf(byte[] line, int start, int end, byte wanted) {
        for (int i = start; i < end; i++) {
            if (line[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
