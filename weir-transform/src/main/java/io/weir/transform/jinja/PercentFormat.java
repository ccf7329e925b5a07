package io.weir.transform.jinja;

import com.hubspot.jinjava.objects.serialization.PyishObjectMapper;
import io.weir.transform.TransformException;
import java.util.Collection;
import java.util.IllegalFormatException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jinjava.de.odysseus.el.misc.NumberOperations;
import jinjava.de.odysseus.el.tree.impl.ast.AstBinary;

/**
 * Python's {@code %} operator: on a string, printf-style formatting ({@code '%s-%05.1f' % (name, 3.14)}, {@code
 * '%(key)s' % mapping}); on numbers, the remainder as before.
 */
final class PercentFormat {
    static final AstBinary.Operator OPERATOR = (bindings, context, left, right) -> {
        Object value = left.eval(bindings, context);
        Object arguments = right.eval(bindings, context);
        if (value instanceof String format) {
            try {
                return format(format, arguments);
            } catch (TransformException e) {
                throw Render.failCurrent(e);
            }
        }
        return NumberOperations.mod(bindings, value, arguments);
    };

    private static final Pattern SPECIFIER =
            Pattern.compile("%(?:\\(([^)]*)\\))?([-+ 0#]*)(\\d+)?(?:\\.(\\d+))?([sdifFrxXoeEgGc%])");

    private PercentFormat() {}

    static String format(String format, Object arguments) {
        List<?> values = arguments instanceof List<?> list ? list : List.of(arguments == null ? "None" : arguments);
        Map<?, ?> mapping = arguments instanceof Map<?, ?> map ? map : null;
        StringBuilder out = new StringBuilder();
        Matcher matcher = SPECIFIER.matcher(format);
        int next = 0;
        int last = 0;
        while (matcher.find()) {
            out.append(format, last, matcher.start());
            last = matcher.end();
            char conversion = matcher.group(5).charAt(0);
            if (conversion == '%') {
                out.append('%');
                continue;
            }
            Object value;
            if (matcher.group(1) != null) {
                if (mapping == null || !mapping.containsKey(matcher.group(1))) {
                    throw new TransformException("'" + format + "' % ...: no value named '" + matcher.group(1)
                            + "'; give a mapping that has it");
                }
                value = mapping.get(matcher.group(1));
            } else if (next < values.size()) {
                value = values.get(next++);
            } else {
                throw new TransformException("'" + format + "' % ...: not enough arguments for the format");
            }
            out.append(convert(matcher, conversion, value, format));
        }
        out.append(format, last, format.length());
        if (mapping == null && next < values.size() && !(arguments instanceof Map)) {
            throw new TransformException(
                    "'" + format + "' % ...: not all arguments converted during string formatting");
        }
        return out.toString();
    }

    private static String convert(Matcher specifier, char conversion, Object value, String format) {
        String flags = specifier.group(2);
        String width = specifier.group(3) == null ? "" : specifier.group(3);
        String precision = specifier.group(4) == null ? "" : "." + specifier.group(4);
        try {
            return switch (conversion) {
                case 's', 'r' -> String.format(
                        Locale.ROOT, "%" + flags.replace("0", "") + width + precision + "s", text(value, conversion));
                case 'd', 'i' -> String.format(
                        Locale.ROOT, "%" + flags + width + "d", number(value).longValue());
                case 'c' -> String.valueOf(value instanceof Number n ? (char) n.intValue() : value);
                case 'x', 'X', 'o' -> String.format(
                        Locale.ROOT,
                        "%" + flags + width + conversion,
                        number(value).longValue());
                default -> String.format(
                        Locale.ROOT,
                        "%" + flags + width + (precision.isEmpty() ? ".6" : precision) + conversion,
                        number(value).doubleValue());
            };
        } catch (IllegalFormatException | ClassCastException e) {
            throw new TransformException("'" + format + "' % ...: cannot format " + value + " with " + specifier.group()
                    + " (" + e.getMessage() + ")");
        }
    }

    private static String text(Object value, char conversion) {
        if (value instanceof String text) {
            return conversion == 'r' ? "'" + text + "'" : text;
        }
        if (value == null) {
            return "None";
        }
        if (value instanceof Boolean bool) {
            return bool ? "True" : "False";
        }
        if (value instanceof Map<?, ?> || value instanceof Collection<?>) {
            return PyishObjectMapper.getAsPyishString(value);
        }
        return String.valueOf(value);
    }

    private static Number number(Object value) {
        if (value instanceof Number number) {
            return number;
        }
        throw new ClassCastException("a number is required, not " + value);
    }
}
