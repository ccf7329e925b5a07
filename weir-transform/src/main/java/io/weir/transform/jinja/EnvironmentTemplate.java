package io.weir.transform.jinja;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import io.weir.transform.TransformException;
import java.util.List;
import java.util.Map;

/**
 * Renders a settings file such as {@code profiles.yml} whose values may call {@code env_var('NAME', 'default')},
 * before it is read as YAML.
 */
public final class EnvironmentTemplate {
    private static final Jinjava JINJAVA = new Jinjava();

    private EnvironmentTemplate() {}

    /** {@code text} with its Jinja rendered; errors name {@code shownAs} and the line. */
    public static String render(String text, Map<String, String> env, String shownAs) {
        if (!text.contains("{{") && !text.contains("{%")) {
            return text;
        }
        Render render = new Render(null, DefinitionScope.INSTANCE, shownAs, null);
        Context context = new IsolatedContext(JINJAVA.getGlobalContext(), Map.of(Render.CONTEXT_KEY, render));
        context.addGlobalMacro(new JavaMacro("env_var", List.of("name", "default"), (ignored, arguments) -> {
            String name = arguments.requiredString("env_var", "name");
            String value = env.get(name);
            if (value != null) {
                return value;
            }
            if (arguments.get("default") != null) {
                return arguments.get("default");
            }
            throw new TransformException("env_var('" + name + "') is not set; set the environment variable " + name
                    + " or give a default: env_var('" + name + "', '...')");
        }));
        JinjavaInterpreter interpreter = new JinjavaInterpreter(JINJAVA, context, JINJAVA.getGlobalConfig());
        JinjavaInterpreter.pushCurrent(interpreter);
        String rendered;
        try {
            rendered = interpreter.render(text);
        } finally {
            JinjavaInterpreter.popCurrent();
        }
        CompileErrors.check(shownAs, 0, render.failure(), interpreter.getErrors());
        return rendered;
    }
}
