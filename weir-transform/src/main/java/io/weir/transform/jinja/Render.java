package io.weir.transform.jinja;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import io.weir.transform.TransformException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * The state of rendering one template for one node: the node's scope, the first failure raised by a function, the
 * value slots of the macros being called, and the results of named {@code statement} blocks. Confined to the
 * rendering thread.
 */
final class Render {
    static final String CONTEXT_KEY = "__weir_render__";

    private final JinjaEngine engine;
    private final NodeScope scope;
    private final Deque<ReturnSlot> returnSlots = new ArrayDeque<>();
    private final Map<String, Map<String, Object>> statementResults = new HashMap<>();
    private TransformException failure;

    Render(JinjaEngine engine, NodeScope scope) {
        this.engine = engine;
        this.scope = scope;
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

    /** Keeps the first failure, which the render reports instead of Jinjava's own message. */
    TransformException fail(TransformException exception) {
        if (failure == null) {
            failure = exception;
        }
        return exception;
    }

    TransformException failure() {
        return failure;
    }

    ReturnSlot enterMacro() {
        ReturnSlot slot = new ReturnSlot();
        returnSlots.push(slot);
        return slot;
    }

    void exitMacro() {
        returnSlots.pop();
    }

    /** {@code return(value)}: ends the innermost macro call with {@code value}. */
    void returnValue(Object value) {
        ReturnSlot slot = returnSlots.peek();
        if (slot == null) {
            throw new TransformException("return() is only allowed inside a macro");
        }
        slot.set(value);
    }

    void storeStatement(String name, Map<String, Object> result) {
        statementResults.put(name, result);
    }

    Map<String, Object> statement(String name) {
        return statementResults.get(name);
    }

    /** Where a macro's {@code return} value goes; the first one set wins. */
    static final class ReturnSlot {
        private boolean set;
        private Object value;

        void set(Object newValue) {
            if (!set) {
                set = true;
                value = newValue;
            }
        }

        boolean isSet() {
            return set;
        }

        Object value() {
            return value;
        }
    }
}
