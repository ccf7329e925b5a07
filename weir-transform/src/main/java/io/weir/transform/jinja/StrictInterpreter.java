package io.weir.transform.jinja;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import io.weir.transform.TransformException;
import java.util.ArrayList;
import java.util.IllegalFormatException;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An interpreter on which a name that nothing defines is a compile error wherever its value is needed, as it would
 * otherwise render as empty text: {@code {{ dbt_utils.star(...) }}} without the package installed must not compile
 * to nothing. Only {@code is defined}, {@code is undefined} and {@code default} may look at such a name.
 */
final class StrictInterpreter extends JinjavaInterpreter {
    private static final Set<String> NULL_LITERALS = Set.of("none", "None", "null");

    // The undefined names met in the expression being evaluated; nested expressions (macro bodies) keep their own.
    private List<String> undefined = new ArrayList<>();

    StrictInterpreter(Jinjava jinjava, Context context) {
        super(jinjava, context, jinjava.getGlobalConfig());
    }

    @Override
    public Object retraceVariable(String variable, int lineNumber, int startPosition) {
        Object value = super.retraceVariable(variable, lineNumber, startPosition);
        if (value == null) {
            int dot = variable.indexOf('.');
            String name = dot < 0 ? variable : variable.substring(0, dot);
            if (!NULL_LITERALS.contains(name) && !isDeclared(getContext(), name)) {
                undefined.add(name);
            }
        }
        return value;
    }

    @Override
    public Object resolveELExpression(String expression, int lineNumber) {
        Render render = Render.currentOrNull();
        if (render != null && render.returned()) {
            return null;
        }
        List<String> outer = undefined;
        undefined = new ArrayList<>();
        try {
            Object value = super.resolveELExpression(expression, lineNumber);
            if (render != null) {
                undefined.removeIf(render::assignedInScope);
            }
            if (!undefined.isEmpty()) {
                String name = undefined.get(0);
                if (render == null) {
                    throw new TransformException(Undefined.message(name, expression, null));
                }
                throw render.fail(render.locate(lineNumber, Undefined.message(name, expression, render)));
            }
            return value;
        } catch (IllegalFormatException e) {
            // Jinjava puts the message of what failed into a String.format pattern of its own, which a '%' in the
            // message breaks; the failure kept on the render is what went wrong.
            if (render == null || render.failure() == null) {
                throw new TransformException("cannot evaluate '" + expression + "': " + e.getMessage(), e);
            }
            throw render.locateFailure(lineNumber);
        } finally {
            undefined = outer;
        }
    }

    /**
     * A string is printed as it is; Jinjava would write it through its Python-like JSON writer and read it back,
     * which gives the same text at many times the cost.
     */
    @Override
    public String getAsString(Object object) {
        return object instanceof String text ? text : super.getAsString(object);
    }

    /** {@code is defined}, {@code is undefined} or {@code default} looked at the undefined name just met. */
    static void forgiveLast(JinjavaInterpreter interpreter, Object value) {
        if (value == null && interpreter instanceof StrictInterpreter strict && !strict.undefined.isEmpty()) {
            strict.undefined.remove(strict.undefined.size() - 1);
        }
    }

    // Jinjava keeps no binding whose value is null, so a name set to none is told apart by its scope's keys.
    private static boolean isDeclared(Context context, String name) {
        for (Context scope = context; scope != null; scope = scope.getParent()) {
            if (scope.getScope().containsKey(name) || scope.isGlobalMacro(name)) {
                return true;
            }
        }
        return false;
    }

    /** The messages for an undefined name, which say what to do. */
    static final class Undefined {
        private Undefined() {}

        static String message(String name, String expression, Render render) {
            boolean namespace = Pattern.compile("(?<![\\w.])" + Pattern.quote(name) + "\\s*\\.\\s*\\w+\\s*\\(")
                    .matcher(expression)
                    .find();
            if (!namespace) {
                return "'" + name + "' is undefined: no variable, argument or macro has that name; set it before"
                        + " using it, or test it with 'is defined'";
            }
            String missingPackage =
                    render.engine() == null ? null : render.engine().missingPackage(name);
            if (missingPackage != null) {
                return "'" + name + "' is the package " + missingPackage + ", which is not installed; run"
                        + " `weir transform deps`";
            }
            return "'" + name + "' is undefined: no package or macro namespace has that name; if it is a package,"
                    + " add it to packages.yml and run `weir transform deps`";
        }
    }
}
