package io.weir.transform.jinja;

import com.hubspot.jinjava.el.ext.AstDict;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.objects.collections.SizeLimitingPyMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import jinjava.de.odysseus.el.tree.Bindings;
import jinjava.de.odysseus.el.tree.impl.ast.AstIdentifier;
import jinjava.de.odysseus.el.tree.impl.ast.AstNode;
import jinjava.javax.el.ELContext;

/**
 * A dict literal whose keys may be any expression, as in Python: {@code {col.column: col}}. A bare name is a
 * variable's value (its own name when nothing defines it, as Jinjava has always read it); keys are text.
 */
final class PythonDict extends AstDict {
    PythonDict(Map<AstNode, AstNode> dict) {
        super(dict);
    }

    @Override
    public Object eval(Bindings bindings, ELContext context) {
        Map<String, Object> resolved = new LinkedHashMap<>();
        for (Map.Entry<AstNode, AstNode> entry : dict.entrySet()) {
            AstNode node = entry.getKey();
            Object key = node.eval(bindings, context);
            if (key == null && node instanceof AstIdentifier identifier) {
                key = identifier.getName();
            }
            resolved.put(Objects.toString(key), entry.getValue().eval(bindings, context));
        }
        JinjavaInterpreter interpreter = JinjavaInterpreter.getCurrent();
        int limit = interpreter == null
                ? Integer.MAX_VALUE
                : interpreter.getConfig().getMaxMapSize();
        return new SizeLimitingPyMap(resolved, limit);
    }
}
