package io.weir.transform.jinja;

import java.util.List;
import java.util.Map;

/**
 * An object templates use as a Python module or object ({@code modules.re}, a compiled pattern, a match): its
 * attributes and functions, reached by name with Python's positional and keyword arguments.
 */
interface PythonModule {
    /** What {@link #attribute} and {@link #call} give for a name they leave to Jinjava's Java-bean lookup. */
    Object UNKNOWN = new Object();

    /** The attribute {@code name}, or {@link #UNKNOWN}. */
    Object attribute(String name);

    /** Calls the function {@code name}, or gives {@link #UNKNOWN}. */
    Object call(String name, List<Object> positional, Map<String, Object> keywords);
}
