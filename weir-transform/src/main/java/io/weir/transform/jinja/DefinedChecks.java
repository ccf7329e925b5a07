package io.weir.transform.jinja;

import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import com.hubspot.jinjava.lib.exptest.IsDefinedExpTest;
import com.hubspot.jinjava.lib.exptest.IsUndefinedExpTest;
import com.hubspot.jinjava.lib.filter.DAliasedDefaultFilter;
import com.hubspot.jinjava.lib.filter.DefaultFilter;
import com.hubspot.jinjava.lib.filter.Filter;
import java.util.Map;

/**
 * The tests and filters that may look at an undefined name without failing the render ({@code is defined}, {@code
 * is undefined}, {@code default} and {@code d}): Jinjava's own, told that the name was looked at on purpose.
 */
final class DefinedChecks {
    private DefinedChecks() {}

    static void register(Context context) {
        context.registerExpTest(new Test(new IsDefinedExpTest()));
        context.registerExpTest(new Test(new IsUndefinedExpTest()));
        context.registerFilter(new Default(new DefaultFilter()));
        context.registerFilter(new Default(new DAliasedDefaultFilter()));
    }

    private record Test(ExpTest jinjava) implements ExpTest {
        @Override
        public String getName() {
            return jinjava.getName();
        }

        @Override
        public boolean evaluate(Object value, JinjavaInterpreter interpreter, Object... arguments) {
            StrictInterpreter.forgiveLast(interpreter, value);
            return jinjava.evaluate(value, interpreter, arguments);
        }
    }

    private record Default(Filter jinjava) implements Filter {
        @Override
        public String getName() {
            return jinjava.getName();
        }

        @Override
        public Object filter(Object value, JinjavaInterpreter interpreter, String... arguments) {
            StrictInterpreter.forgiveLast(interpreter, value);
            return jinjava.filter(value, interpreter, arguments);
        }

        @Override
        public Object filter(
                Object value, JinjavaInterpreter interpreter, Object[] arguments, Map<String, Object> keywords) {
            StrictInterpreter.forgiveLast(interpreter, value);
            return jinjava.filter(value, interpreter, arguments, keywords);
        }
    }
}
