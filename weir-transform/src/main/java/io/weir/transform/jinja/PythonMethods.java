package io.weir.transform.jinja;

import com.hubspot.jinjava.el.ext.NamedParameter;
import com.hubspot.jinjava.objects.date.PyishDate;
import io.weir.transform.TransformException;
import java.beans.FeatureDescriptor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;

/**
 * The methods of Python's dict and str that dbt templates call and Java's Map and String lack or spell otherwise:
 * {@code d.get(k, default)}, {@code d.pop(k)}, {@code d.setdefault(k, v)}, {@code d.update(a=1)}, {@code
 * s.split(sep)} (a list), {@code s.upper()}, {@code s.format(...)} and the like. Any other call is left to Jinjava.
 */
final class PythonMethods extends ELResolver {
    private static final Pattern FIELD = Pattern.compile("\\{\\{|}}|\\{([^{}:!]*)(?:![rsa])?(?::[^{}]*)?}");

    @Override
    public Object invoke(ELContext context, Object base, Object method, Class<?>[] types, Object[] params) {
        if (base == null || method == null) {
            return null;
        }
        Object[] arguments = params == null ? new Object[0] : params;
        Object result = NOT_HANDLED;
        if (base instanceof DispatchedMacro dispatched && method.toString().equals("call")) {
            result = dispatched.call(arguments);
        } else if (base instanceof PythonModule module) {
            result = moduleCall(module, method.toString(), arguments);
        } else if (base instanceof PyishDate date && method.toString().equals("astimezone")) {
            result = astimezone(date, arguments);
        } else if (base instanceof Map<?, ?> map && !(base instanceof RelationValue)) {
            result = mapMethod(map, method.toString(), arguments);
        } else if (base instanceof String text) {
            result = stringMethod(text, method.toString(), arguments);
        }
        if (result == NOT_HANDLED) {
            return null;
        }
        context.setPropertyResolved(true);
        return result;
    }

    private static final Object NOT_HANDLED = new Object();

    private static Object moduleCall(PythonModule module, String method, Object[] arguments) {
        List<Object> positional = new ArrayList<>();
        Map<String, Object> keywords = new LinkedHashMap<>();
        for (Object argument : arguments) {
            if (argument instanceof NamedParameter named) {
                keywords.put(named.getName(), named.getValue());
            } else {
                positional.add(argument);
            }
        }
        try {
            Object result = module.call(method, positional, keywords);
            return result == PythonModule.UNKNOWN ? NOT_HANDLED : result;
        } catch (TransformException e) {
            throw Render.failCurrent(e);
        }
    }

    private static Object astimezone(PyishDate date, Object[] arguments) {
        if (arguments.length == 1 && arguments[0] instanceof PytzModule.Zone zone) {
            return new PyishDate(date.toDateTime().withZoneSameInstant(zone.id()));
        }
        return NOT_HANDLED;
    }

    @SuppressWarnings("unchecked")
    private static Object mapMethod(Map<?, ?> base, String method, Object[] arguments) {
        Map<Object, Object> map = (Map<Object, Object>) base;
        switch (method) {
            case "get":
                if (arguments.length == 2) {
                    Object value = map.get(arguments[0]);
                    return value == null && !map.containsKey(arguments[0]) ? arguments[1] : value;
                }
                return NOT_HANDLED;
            case "pop":
                if (arguments.length >= 1) {
                    Object value = map.remove(arguments[0]);
                    return value == null && arguments.length == 2 ? arguments[1] : value;
                }
                return NOT_HANDLED;
            case "setdefault":
                if (arguments.length >= 1) {
                    Object otherwise = arguments.length == 2 ? arguments[1] : null;
                    return map.computeIfAbsent(arguments[0], key -> otherwise);
                }
                return NOT_HANDLED;
            case "update":
                for (Object argument : arguments) {
                    if (argument instanceof NamedParameter named) {
                        map.put(named.getName(), named.getValue());
                    } else if (argument instanceof Map<?, ?> other) {
                        map.putAll(other);
                    }
                }
                return null;
            case "copy":
                return new LinkedHashMap<>(map);
            default:
                return NOT_HANDLED;
        }
    }

    private static Object stringMethod(String text, String method, Object[] arguments) {
        switch (method) {
            case "upper":
                return text.toUpperCase(Locale.ROOT);
            case "lower":
                return text.toLowerCase(Locale.ROOT);
            case "title":
            case "capitalize":
                return text.isEmpty()
                        ? text
                        : text.substring(0, 1).toUpperCase(Locale.ROOT)
                                + text.substring(1).toLowerCase(Locale.ROOT);
            case "split":
                return split(
                        text, arguments.length == 0 ? null : arguments[0], arguments.length > 1 ? arguments[1] : null);
            case "strip":
                return arguments.length == 0 || arguments[0] == null
                        ? text.strip()
                        : stripChars(text, arguments[0].toString(), true, true);
            case "lstrip":
                return arguments.length == 0 || arguments[0] == null
                        ? text.stripLeading()
                        : stripChars(text, arguments[0].toString(), true, false);
            case "rstrip":
                return arguments.length == 0 || arguments[0] == null
                        ? text.stripTrailing()
                        : stripChars(text, arguments[0].toString(), false, true);
            case "startswith":
                return anyMatch(arguments, prefix -> text.startsWith(prefix));
            case "endswith":
                return anyMatch(arguments, suffix -> text.endsWith(suffix));
            case "join":
                if (arguments.length == 1 && arguments[0] instanceof Collection<?> items) {
                    List<String> texts = new ArrayList<>();
                    items.forEach(item -> texts.add(String.valueOf(item)));
                    return String.join(text, texts);
                }
                return NOT_HANDLED;
            case "format":
                return format(text, arguments);
            case "count":
                return arguments.length == 1
                        ? (long) (text.split(Pattern.quote(String.valueOf(arguments[0])), -1).length - 1)
                        : NOT_HANDLED;
            case "find":
                return arguments.length == 1 ? (long) text.indexOf(String.valueOf(arguments[0])) : NOT_HANDLED;
            case "isdigit":
                return !text.isEmpty() && text.chars().allMatch(Character::isDigit);
            default:
                return NOT_HANDLED;
        }
    }

    private static boolean anyMatch(Object[] arguments, java.util.function.Predicate<String> test) {
        if (arguments.length == 0) {
            return false;
        }
        Object first = arguments[0];
        if (first instanceof Collection<?> options) {
            return options.stream().anyMatch(option -> test.test(String.valueOf(option)));
        }
        return test.test(String.valueOf(first));
    }

    private static List<String> split(String text, Object separator, Object limit) {
        int max = limit == null ? -1 : ((Number) limit).intValue();
        if (separator == null) {
            String stripped = text.strip();
            if (stripped.isEmpty()) {
                return new ArrayList<>();
            }
            return new ArrayList<>(Arrays.asList(stripped.split("\\s+", max < 0 ? 0 : max + 1)));
        }
        return new ArrayList<>(Arrays.asList(text.split(Pattern.quote(separator.toString()), max < 0 ? -1 : max + 1)));
    }

    private static String stripChars(String text, String chars, boolean leading, boolean trailing) {
        int start = 0;
        int end = text.length();
        while (leading && start < end && chars.indexOf(text.charAt(start)) >= 0) {
            start++;
        }
        while (trailing && end > start && chars.indexOf(text.charAt(end - 1)) >= 0) {
            end--;
        }
        return text.substring(start, end);
    }

    /** Python's {@code str.format}: {@code {}}, {@code {0}} and {@code {name}} fields; format specs are ignored. */
    private static String format(String text, Object[] arguments) {
        List<Object> positional = new ArrayList<>();
        Map<String, Object> named = new LinkedHashMap<>();
        for (Object argument : arguments) {
            if (argument instanceof NamedParameter parameter) {
                named.put(parameter.getName(), parameter.getValue());
            } else {
                positional.add(argument);
            }
        }
        StringBuilder out = new StringBuilder();
        Matcher matcher = FIELD.matcher(text);
        int next = 0;
        int last = 0;
        while (matcher.find()) {
            out.append(text, last, matcher.start());
            String token = matcher.group();
            if (token.equals("{{")) {
                out.append('{');
            } else if (token.equals("}}")) {
                out.append('}');
            } else {
                String field = matcher.group(1).strip();
                Object value;
                if (field.isEmpty()) {
                    value = next < positional.size() ? positional.get(next++) : "";
                } else if (field.chars().allMatch(Character::isDigit)) {
                    int index = Integer.parseInt(field);
                    value = index < positional.size() ? positional.get(index) : "";
                } else {
                    value = named.get(field);
                }
                out.append(value);
            }
            last = matcher.end();
        }
        return out.append(text.substring(last)).toString();
    }

    @Override
    public Class<?> getCommonPropertyType(ELContext context, Object base) {
        return null;
    }

    @Override
    public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
        return null;
    }

    @Override
    public Class<?> getType(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        if (base instanceof PythonModule module && property != null) {
            Object value;
            try {
                value = module.attribute(property.toString());
            } catch (TransformException e) {
                throw Render.failCurrent(e);
            }
            if (value != PythonModule.UNKNOWN) {
                context.setPropertyResolved(true);
                return value;
            }
        }
        return null;
    }

    @Override
    public boolean isReadOnly(ELContext context, Object base, Object property) {
        return false;
    }

    @Override
    public void setValue(ELContext context, Object base, Object property, Object value) {}
}
