package io.weir.transform.jinja;

import com.hubspot.jinjava.lib.fn.MacroFunction;

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

    @Override
    public String toString() {
        return macro.getName();
    }
}
