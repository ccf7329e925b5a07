package io.weir.transform.jinja;

import com.hubspot.jinjava.objects.date.PyishDate;
import io.weir.transform.TransformException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code datetime.timedelta}: {@code modules.datetime.timedelta(days=1, hours=2)}, added to or subtracted
 * from a date, or the difference of two dates.
 */
record Timedelta(Duration duration) implements PythonModule {
    private static final List<String> UNITS =
            List.of("days", "seconds", "microseconds", "milliseconds", "minutes", "hours", "weeks");

    /** {@code timedelta(days, seconds, microseconds, milliseconds, minutes, hours, weeks)}, as Python orders them. */
    static Timedelta of(List<Object> positional, Map<String, Object> keywords) {
        if (positional.size() > UNITS.size()) {
            throw new TransformException("timedelta() takes at most 7 arguments");
        }
        Duration total = Duration.ZERO;
        for (int i = 0; i < positional.size(); i++) {
            total = total.plus(amount(UNITS.get(i), positional.get(i)));
        }
        for (Map.Entry<String, Object> keyword : keywords.entrySet()) {
            if (!UNITS.contains(keyword.getKey())) {
                throw new TransformException("timedelta() has no argument '" + keyword.getKey() + "'; use one of "
                        + String.join(", ", UNITS));
            }
            total = total.plus(amount(keyword.getKey(), keyword.getValue()));
        }
        return new Timedelta(total);
    }

    private static Duration amount(String unit, Object value) {
        if (!(value instanceof Number number)) {
            throw new TransformException("timedelta(" + unit + "=" + value + "): a number is required");
        }
        long micros = Math.round(number.doubleValue()
                * switch (unit) {
                    case "days" -> 86_400_000_000d;
                    case "seconds" -> 1_000_000d;
                    case "milliseconds" -> 1_000d;
                    case "minutes" -> 60_000_000d;
                    case "hours" -> 3_600_000_000d;
                    case "weeks" -> 7 * 86_400_000_000d;
                    default -> 1d;
                });
        return Duration.ofNanos(micros * 1000);
    }

    /** {@code a + b} or {@code a - b} when either side is a date or a timedelta; null when neither is. */
    static Object arithmetic(Object left, Object right, boolean add) {
        if (left instanceof PyishDate date && right instanceof Timedelta delta) {
            return new PyishDate(
                    add
                            ? date.toDateTime().plus(delta.duration)
                            : date.toDateTime().minus(delta.duration));
        }
        if (add && left instanceof Timedelta delta && right instanceof PyishDate date) {
            return new PyishDate(date.toDateTime().plus(delta.duration));
        }
        if (!add && left instanceof PyishDate later && right instanceof PyishDate earlier) {
            return new Timedelta(Duration.between(earlier.toDateTime(), later.toDateTime()));
        }
        if (left instanceof Timedelta a && right instanceof Timedelta b) {
            return new Timedelta(add ? a.duration.plus(b.duration) : a.duration.minus(b.duration));
        }
        return null;
    }

    @Override
    public Object attribute(String name) {
        return switch (name) {
            case "days" -> Math.floorDiv(duration.getSeconds(), 86_400L);
            case "seconds" -> Math.floorMod(duration.getSeconds(), 86_400L);
            case "microseconds" -> (long) (duration.getNano() / 1000);
            default -> UNKNOWN;
        };
    }

    @Override
    public Object call(String name, List<Object> positional, Map<String, Object> keywords) {
        return name.equals("total_seconds") ? duration.toNanos() / 1e9 : UNKNOWN;
    }

    /** As Python prints it: {@code 1 day, 2:03:04}. */
    @Override
    public String toString() {
        long days = (long) attribute("days");
        long seconds = (long) attribute("seconds");
        String clock = String.format("%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
        long micros = (long) attribute("microseconds");
        if (micros != 0) {
            clock += String.format(".%06d", micros);
        }
        return days == 0 ? clock : days + (Math.abs(days) == 1 ? " day, " : " days, ") + clock;
    }
}
