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
    private final Render.MacroSite site;

    ReturningMacro(MacroFunction defined, Render.MacroSite site) {
        super(defined, defined.getName());
        this.site = site;
    }

    @Override
    public Object doEvaluate(Map<String, Object> argMap, Map<String, Object> kwargMap, List<Object> varArgs) {
        Render render = Render.current();
        Render.ReturnSlot slot = render.enterMacro(site);
        try {
            return slot.valueOr(super.doEvaluate(argMap, kwargMap, varArgs));
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
            Render.MacroSite file = Render.current().definedAt();
            if (file == null) {
                return new ReturningMacro(
                        super.constructMacroFunction(tagNode, interpreter, name, argNamesWithDefaults), null);
            }
            MacroFunction defined = new MacroFunction(
                    tagNode.getChildren(),
                    name,
                    argNamesWithDefaults,
                    false,
                    file.packageScope(),
                    interpreter.getLineNumber(),
                    interpreter.getPosition());
            return new ReturningMacro(
                    defined,
                    new Render.MacroSite(
                            file.macroName() + "." + name,
                            file.file(),
                            file.lineOffset(),
                            file.packageScope(),
                            file.assigned()));
        }
    }
}
