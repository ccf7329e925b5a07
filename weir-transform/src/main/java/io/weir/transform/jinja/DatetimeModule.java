package io.weir.transform.jinja;

import com.hubspot.jinjava.objects.date.PyishDate;
import io.weir.transform.TransformException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * {@code modules.datetime} as dbt's templates use Python's module: {@code modules.datetime.datetime.now()},
 * {@code .utcnow()}, {@code .strptime(text, format)}, {@code .fromisoformat(text)}, {@code modules.datetime.date.today()},
 * and the constructors {@code modules.datetime.date(2024, 1, 31)} and {@code modules.datetime.datetime(2024, 1, 31,
 * 12, 0, 0)}, and {@code timedelta(days=1)}. Values are Jinjava's Python-like dates ({@code strftime}, {@code isoformat}, {@code year}, ...).
 */
public final class DatetimeModule implements PythonModule {
    private final DatetimeType datetime = new DatetimeType();
    private final DateType date = new DateType();

    /** {@code modules.datetime.datetime}: the class, for {@code now()} and friends. */
    public DatetimeType getDatetime() {
        return datetime;
    }

    /** {@code modules.datetime.date}: the class, for {@code today()}. */
    public DateType getDate() {
        return date;
    }

    public PyishDate date(long year, long month, long day) {
        return at(LocalDate.of((int) year, (int) month, (int) day).atStartOfDay());
    }

    public PyishDate datetime(long year, long month, long day) {
        return date(year, month, day);
    }

    public PyishDate datetime(long year, long month, long day, long hour, long minute, long second) {
        return at(LocalDateTime.of((int) year, (int) month, (int) day, (int) hour, (int) minute, (int) second));
    }

    @Override
    public Object attribute(String name) {
        return UNKNOWN;
    }

    /** {@code timedelta(days=1, hours=2)}; the rest are Java methods. */
    @Override
    public Object call(String name, List<Object> positional, Map<String, Object> keywords) {
        return name.equals("timedelta") ? Timedelta.of(positional, keywords) : UNKNOWN;
    }

    @Override
    public String toString() {
        return "<module 'datetime'>";
    }

    /** Python's {@code datetime.datetime} class. */
    public static final class DatetimeType {
        public PyishDate now() {
            return new PyishDate(ZonedDateTime.now());
        }

        /** {@code now(tz)} with a {@code pytz} zone. */
        public PyishDate now(PytzModule.Zone zone) {
            return new PyishDate(ZonedDateTime.now(zone.id()));
        }

        public PyishDate utcnow() {
            return new PyishDate(ZonedDateTime.now(ZoneOffset.UTC));
        }

        public PyishDate fromisoformat(String text) {
            try {
                return at(LocalDateTime.parse(text.strip().replace(' ', 'T')));
            } catch (DateTimeParseException e) {
                try {
                    return at(LocalDate.parse(text.strip()).atStartOfDay());
                } catch (DateTimeParseException again) {
                    throw new TransformException("datetime.fromisoformat(): '" + text + "' is no ISO date or time");
                }
            }
        }

        /** Parses with a Python format ({@code %Y-%m-%d %H:%M:%S}); the common directives are understood. */
        public PyishDate strptime(String text, String format) {
            DateTimeFormatter formatter = DateTimeFormatter.ofPattern(javaPattern(format));
            try {
                return format.contains("%H")
                        ? at(LocalDateTime.parse(text, formatter))
                        : at(LocalDate.parse(text, formatter).atStartOfDay());
            } catch (DateTimeParseException e) {
                throw new TransformException(
                        "datetime.strptime(): '" + text + "' does not match the format '" + format + "'");
            }
        }

        @Override
        public String toString() {
            return "<class 'datetime.datetime'>";
        }
    }

    /** Python's {@code datetime.date} class. */
    public static final class DateType {
        public PyishDate today() {
            return at(LocalDate.now().atStartOfDay());
        }

        @Override
        public String toString() {
            return "<class 'datetime.date'>";
        }
    }

    private static PyishDate at(LocalDateTime time) {
        return new PyishDate(time.atZone(ZoneOffset.UTC));
    }

    private static String javaPattern(String python) {
        StringBuilder pattern = new StringBuilder();
        for (int i = 0; i < python.length(); i++) {
            char c = python.charAt(i);
            if (c == '%' && i + 1 < python.length()) {
                char directive = python.charAt(++i);
                pattern.append(
                        switch (directive) {
                            case 'Y' -> "yyyy";
                            case 'm' -> "MM";
                            case 'd' -> "dd";
                            case 'H' -> "HH";
                            case 'M' -> "mm";
                            case 'S' -> "ss";
                            case 'f' -> "SSSSSS";
                            case 'y' -> "yy";
                            case 'b' -> "MMM";
                            case 'B' -> "MMMM";
                            case '%' -> "'%'";
                            default -> throw new TransformException(
                                    "datetime.strptime(): the directive %" + directive + " is not supported");
                        });
            } else if (Character.isLetter(c)) {
                pattern.append('\'').append(c).append('\'');
            } else {
                pattern.append(c);
            }
        }
        return pattern.toString();
    }
}
