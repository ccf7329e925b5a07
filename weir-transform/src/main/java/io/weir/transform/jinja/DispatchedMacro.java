package io.weir.transform.jinja;

import com.hubspot.jinjava.el.ext.NamedParameter;
import com.hubspot.jinjava.lib.fn.MacroFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@code adapter.dispatch('name')} gives: the macro chosen for the warehouse, called with the arguments that
 * follow ({@code adapter.dispatch('name')(a, b)}, which templates reach as {@code .call(a, b)}).
 */
public final class DispatchedMacro {
    private final MacroFunction macro;

    DispatchedMacro(MacroFunction macro) {
        this.macro = macro;
    }

    public Object call(Object... arguments) {
        return macro.evaluate(arguments);
    }

    /**
     * A call with Python's argument unpacking, {@code adapter.dispatch('x')(a, *varargs, **kwargs)}, which templates
     * reach as {@code .callSpread([a], varargs, kwargs)}.
     */
    public Object callSpread(List<?> positional, List<?> extra, Map<?, ?> keywords) {
        List<Object> all = new ArrayList<>(positional);
        if (extra != null) {
            all.addAll(extra);
        }
        if (keywords != null) {
            keywords.forEach((key, value) -> all.add(new NamedParameter(String.valueOf(key), value)));
        }
        return macro.evaluate(all.toArray());
    }

    @Override
    public String toString() {
        return macro.getName();
    }
}
