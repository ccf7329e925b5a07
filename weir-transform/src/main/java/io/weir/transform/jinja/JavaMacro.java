package io.weir.transform.jinja;

import com.hubspot.jinjava.lib.fn.MacroFunction;
import io.weir.transform.TransformException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A dbt context function written in Java ({@code ref}, {@code var}, {@code run_query}, ...), callable from templates
 * like a macro: positional and keyword arguments are matched to its parameters as Jinja does. A failure is kept on
 * the render so it surfaces with its own message instead of Jinjava's generic one.
 */
final class JavaMacro extends MacroFunction {
    private final Body body;

    JavaMacro(String name, List<String> parameters, Body body) {
        super(List.of(), name, parameterMap(parameters), false, null, 0, 0);
        this.body = body;
    }

    @Override
    public Object doEvaluate(Map<String, Object> argMap, Map<String, Object> kwargMap, List<Object> varArgs) {
        Render render = Render.current();
        try {
            return body.call(render, new Arguments(argMap, kwargMap, varArgs));
        } catch (TransformException e) {
            throw render.fail(e);
        } catch (RuntimeException e) {
            throw render.fail(new TransformException(
                    getName() + "() failed: " + (e.getMessage() == null ? e.toString() : e.getMessage()), e));
        }
    }

    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    private static LinkedHashMap<String, Object> parameterMap(List<String> parameters) {
        LinkedHashMap<String, Object> map = new LinkedHashMap<>();
        parameters.forEach(parameter -> map.put(parameter, null));
        return map;
    }

    /** What the function does, given the render it runs in. */
    @FunctionalInterface
    interface Body {
        Object call(Render render, Arguments arguments);
    }
}
