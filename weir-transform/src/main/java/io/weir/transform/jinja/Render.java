package io.weir.transform.jinja;

import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import io.weir.transform.TransformException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The state of rendering one template for one node: the node's scope, the first failure raised by a function, the
 * value slots of the macros being called, and the results of named {@code statement} blocks. Confined to the
 * rendering thread.
 */
final class Render {
    static final String CONTEXT_KEY = "__weir_render__";

    private final JinjaEngine engine;
    private final NodeScope scope;
    private final String where;
    private final MacroSite definedAt;
    private final Deque<ReturnSlot> returnSlots = new ArrayDeque<>();
    private final Map<String, Map<String, Object>> statementResults = new HashMap<>();
    private TransformException failure;
    private Set<String> templateAssigned = Set.of();

    /**
     * @param where the node and file being rendered, as errors name them
     * @param definedAt the macro file being defined, or null when rendering a node
     */
    Render(JinjaEngine engine, NodeScope scope, String where, MacroSite definedAt) {
        this.engine = engine;
        this.scope = scope;
        this.where = where;
        this.definedAt = definedAt;
    }

    /** The render of the template being rendered on this thread, or null outside Weir's renders. */
    static Render currentOrNull() {
        JinjavaInterpreter interpreter = JinjavaInterpreter.getCurrent();
        Object render = interpreter == null ? null : interpreter.getContext().get(CONTEXT_KEY);
        return render instanceof Render found ? found : null;
    }

    static Render current() {
        JinjavaInterpreter interpreter = JinjavaInterpreter.getCurrent();
        Object render = interpreter == null ? null : interpreter.getContext().get(CONTEXT_KEY);
        if (render instanceof Render found) {
            return found;
        }
        throw new IllegalStateException("no template is being rendered on this thread");
    }

    JinjaEngine engine() {
        return engine;
    }

    NodeScope scope() {
        return scope;
    }

    /** The macro file being defined by this render, which the macros it defines remember; null for a node. */
    MacroSite definedAt() {
        return definedAt;
    }

    /**
     * A compile error for {@code message} at {@code line} of the innermost macro being called, or of the node's own
     * template outside any macro.
     */
    TransformException locate(int line, String message) {
        ReturnSlot slot = returnSlots.peek();
        if (slot == null || slot.site() == null) {
            return new TransformException(
                    "Compilation error in " + where + (line > 0 ? ", line " + line : "") + ": " + message);
        }
        MacroSite site = slot.site();
        return new TransformException("Compilation error in " + where + ": in macro " + site.macroName() + " ("
                + site.file() + (line > 0 ? ", line " + (line + site.lineOffset()) : "") + "): " + message);
    }

    /** Keeps the first failure, which the render reports instead of Jinjava's own message. */
    TransformException fail(TransformException exception) {
        if (failure == null) {
            failure = exception;
        }
        return exception;
    }

    /** As {@link #fail}, on the render of this thread when there is one. */
    static TransformException failCurrent(TransformException exception) {
        Render render = currentOrNull();
        return render == null ? exception : render.fail(exception);
    }

    /** The failure kept, now naming where it happened: {@code line} of the template (or of the macro running). */
    TransformException locateFailure(int line) {
        if (!failure.getMessage().startsWith("Compilation error in ")) {
            failure = locate(line, failure.getMessage());
        }
        return failure;
    }

    /**
     * Whether {@code name} is set by a {@code {% set %}} of the macro running, or of the template when no macro
     * runs: Jinja2, as dbt runs it, prints such a name as nothing when the branch setting it was not taken.
     */
    boolean assignedInScope(String name) {
        ReturnSlot slot = returnSlots.peek();
        Set<String> names = slot == null || slot.site() == null
                ? templateAssigned
                : slot.site().assigned();
        return names.contains(name);
    }

    /** The names the rendered template sets, for {@link #assignedInScope}. */
    void templateAssigned(Set<String> names) {
        this.templateAssigned = names;
    }

    TransformException failure() {
        return failure;
    }

    ReturnSlot enterMacro(MacroSite site) {
        ReturnSlot slot = new ReturnSlot(site);
        returnSlots.push(slot);
        return slot;
    }

    void exitMacro() {
        returnSlots.pop();
    }

    /** {@code return(value)}: ends the innermost macro call at once, with {@code value}. */
    void returnValue(Object value) {
        ReturnSlot slot = returnSlots.peek();
        if (slot == null) {
            throw new TransformException("return() is only allowed inside a macro");
        }
        slot.set(value);
    }

    /**
     * Whether the innermost macro has called {@code return()}: the rest of its body is then not evaluated, so that
     * the macro ends there as in dbt (Jinjava renders on past any exception, so it cannot unwind).
     */
    boolean returned() {
        ReturnSlot slot = returnSlots.peek();
        return slot != null && slot.returned;
    }

    void storeStatement(String name, Map<String, Object> result) {
        statementResults.put(name, result);
    }

    Map<String, Object> statement(String name) {
        return statementResults.get(name);
    }

    /**
     * Where a macro comes from, for errors inside it.
     *
     * @param lineOffset added to a line of the macro's block to give the line in its file
     * @param packageScope the scope of the macro's package, which its calls see
     */
    /**
     * @param assigned the names the macro's text sets with {@code {% set %}}: one that is still undefined where it
     *     is used (set in a branch not taken) prints as nothing, as in dbt
     */
    record MacroSite(String macroName, String file, int lineOffset, Context packageScope, Set<String> assigned) {}

    /** Where a macro's {@code return} value goes. */
    static final class ReturnSlot {
        private final MacroSite site;
        private boolean returned;
        private Object value;

        ReturnSlot(MacroSite site) {
            this.site = site;
        }

        MacroSite site() {
            return site;
        }

        void set(Object newValue) {
            returned = true;
            value = newValue;
        }

        Object valueOr(Object rendered) {
            return returned ? value : rendered;
        }
    }
}
