package io.weir.transform.jinja;

import com.hubspot.jinjava.objects.date.PyishDate;
import io.weir.transform.TransformException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * {@code modules.pytz}'s basics: {@code utc}, {@code timezone(name)}, a zone's {@code localize(dt)} and {@code
 * zone}; dates take a zone in {@code datetime.now(tz)} and {@code dt.astimezone(tz)}.
 */
final class PytzModule implements PythonModule {
    static final Zone UTC = new Zone(ZoneOffset.UTC, "UTC");

    @Override
    public Object attribute(String name) {
        if (name.equals("utc") || name.equals("UTC")) {
            return UTC;
        }
        if (name.equals("timezone")) {
            return UNKNOWN;
        }
        throw new TransformException("modules.pytz has no attribute '" + name + "'");
    }

    @Override
    public Object call(String name, List<Object> positional, Map<String, Object> keywords) {
        if (!name.equals("timezone")) {
            throw new TransformException("modules.pytz has no function '" + name + "'");
        }
        Object zone = positional.isEmpty() ? keywords.get("zone") : positional.get(0);
        if (zone == null) {
            throw new TransformException("pytz.timezone() needs the zone's name, such as 'Europe/Oslo'");
        }
        try {
            String id = zone.toString();
            return new Zone(id.equals("UTC") ? ZoneOffset.UTC : ZoneId.of(id), id);
        } catch (DateTimeException e) {
            throw new TransformException("pytz.timezone('" + zone + "'): unknown time zone");
        }
    }

    @Override
    public String toString() {
        return "<module 'pytz'>";
    }

    /** A time zone, as {@code pytz.timezone(...)} gives it; prints as its name. */
    record Zone(ZoneId id, String name) implements PythonModule {
        @Override
        public Object attribute(String attribute) {
            return attribute.equals("zone") ? name : UNKNOWN;
        }

        @Override
        public Object call(String function, List<Object> positional, Map<String, Object> keywords) {
            if (function.equals("localize") && !positional.isEmpty() && positional.get(0) instanceof PyishDate date) {
                return new PyishDate(date.toDateTime().withZoneSameLocal(id));
            }
            return UNKNOWN;
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
