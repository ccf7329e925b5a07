package io.weir.transform.jinja;

import io.weir.transform.TransformException;
import java.util.List;
import java.util.Map;

/**
 * The arguments of one call of a built-in function: declared parameters by name (positional arguments are already
 * matched to them), other keyword arguments, and extra positional ones.
 */
record Arguments(Map<String, Object> named, Map<String, Object> keywords, List<Object> extra) {

    Object get(String name) {
        Object value = named.get(name);
        return value != null ? value : keywords.get(name);
    }

    String string(String name) {
        Object value = get(name);
        return value == null ? null : value.toString();
    }

    String requiredString(String function, String name) {
        String value = string(name);
        if (value == null) {
            throw new TransformException(function + "() needs the argument '" + name + "'");
        }
        return value;
    }

    boolean bool(String name, boolean otherwise) {
        Object value = get(name);
        if (value == null) {
            return otherwise;
        }
        return value instanceof Boolean b ? b : Boolean.parseBoolean(value.toString());
    }
}
