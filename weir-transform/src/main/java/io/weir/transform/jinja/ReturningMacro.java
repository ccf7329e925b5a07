package io.weir.transform.jinja;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.fn.MacroFunction;
import com.hubspot.jinjava.lib.tag.MacroTag;
import com.hubspot.jinjava.tree.TagNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A user macro whose {@code {{ return(value) }}} makes the call evaluate to that value (a list, a relation, a
 * number) instead of the rendered text, as dbt's macros do. The first {@code return} reached wins.
 */
final class ReturningMacro extends MacroFunction {

    ReturningMacro(MacroFunction defined) {
        super(defined, defined.getName());
    }

    @Override
    public Object doEvaluate(Map<String, Object> argMap, Map<String, Object> kwargMap, List<Object> varArgs) {
        Render render = Render.current();
        Render.ReturnSlot slot = render.enterMacro();
        try {
            Object rendered = super.doEvaluate(argMap, kwargMap, varArgs);
            return slot.isSet() ? slot.value() : rendered;
        } finally {
            render.exitMacro();
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

    /** The {@code {% macro %}} tag, defining macros that can return values. */
    static final class Tag extends MacroTag {
        @Override
        protected MacroFunction constructMacroFunction(
                TagNode tagNode,
                JinjavaInterpreter interpreter,
                String name,
                LinkedHashMap<String, Object> argNamesWithDefaults) {
            return new ReturningMacro(super.constructMacroFunction(tagNode, interpreter, name, argNamesWithDefaults));
        }
    }
}
