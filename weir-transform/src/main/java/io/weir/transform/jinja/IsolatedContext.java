package io.weir.transform.jinja;

import com.hubspot.jinjava.interpret.Context;
import java.util.Map;

/**
 * A Jinjava context that keeps its renders' bookkeeping to itself. Jinjava records every resolved expression in the
 * context and all its parents; the shared project contexts are read by many threads at once, so that record stops
 * here (nothing reads it).
 */
final class IsolatedContext extends Context {

    IsolatedContext(Context parent, Map<String, ?> bindings) {
        super(parent, bindings);
    }

    @Override
    public void addResolvedExpression(String expression) {}

    @Override
    public void addResolvedValue(String value) {}

    @Override
    public void addResolvedFunction(String function) {}
}
