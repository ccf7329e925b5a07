package io.weir.transform.jinja;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;
import com.hubspot.jinjava.util.ForLoop;
import com.hubspot.jinjava.util.ObjectIterator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jinja2's loop filter, {@code {% for col in columns if col.name not in except %}}, which Jinjava reads as a
 * conditional expression: the tag is rewritten to iterate over {@code (columns) | __weir_loop_if(n)}, where {@code n}
 * names the condition, the items for which the condition holds, so that {@code loop.index} and {@code loop.last} count only those, as in
 * Jinja2.
 */
final class LoopFilter implements Filter {
    static final String NAME = "__weir_loop_if";

    private static final Map<Condition, Integer> IDS = new HashMap<>();
    private static final List<Condition> CONDITIONS = new ArrayList<>();

    private static final Pattern FOR_TAG = Pattern.compile(
            "(\\{%-?\\s*for\\s+)([A-Za-z_][A-Za-z0-9_]*(?:\\s*,\\s*[A-Za-z_][A-Za-z0-9_]*)*)(\\s+in\\s+)(.*?)(\\s*-?%})",
            Pattern.DOTALL);

    /** The {@code {% for %}} tag {@code tag} with its loop filter as a filter of the items, or {@code tag} itself. */
    static String rewrite(String tag) {
        Matcher matcher = FOR_TAG.matcher(tag);
        if (!matcher.matches()) {
            return tag;
        }
        String iterated = matcher.group(4);
        int condition = topLevelIf(iterated);
        if (condition < 0) {
            return tag;
        }
        String items = iterated.substring(0, condition).strip();
        String test = iterated.substring(condition + 4).strip();
        String recursive = "";
        if (test.endsWith(" recursive")) {
            test = test.substring(0, test.length() - " recursive".length()).strip();
            recursive = " recursive";
        }
        int id = register(new Condition(List.of(matcher.group(2).split("\\s*,\\s*")), test));
        return matcher.group(1) + matcher.group(2) + matcher.group(3) + "(" + items + ") | " + NAME + "(" + id + ")"
                + recursive + matcher.group(5);
    }

    /** Where {@code " if "} stands outside strings and brackets in {@code text}, or -1. */
    private static int topLevelIf(String text) {
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (depth == 0
                    && Character.isWhitespace(c)
                    && text.startsWith("if", i + 1)
                    && i + 3 < text.length()
                    && Character.isWhitespace(text.charAt(i + 3))) {
                return i;
            }
        }
        return -1;
    }

    /** A loop filter's condition by the number its rewritten tag passes, as Jinjava passes filters text only. */
    private static int register(Condition condition) {
        synchronized (IDS) {
            return IDS.computeIfAbsent(condition, added -> {
                CONDITIONS.add(added);
                return CONDITIONS.size() - 1;
            });
        }
    }

    private static Condition condition(String id) {
        synchronized (IDS) {
            return CONDITIONS.get(Integer.parseInt(id));
        }
    }

    /** The loop's variables and the condition on them. */
    private record Condition(List<String> names, String test) {}

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public Object filter(Object items, JinjavaInterpreter interpreter, String... arguments) {
        Condition condition = condition(arguments[0]);
        List<Object> kept = new ArrayList<>();
        ForLoop loop = ObjectIterator.getLoop(items);
        while (loop.hasNext()) {
            Object item = loop.next();
            interpreter.enterScope();
            try {
                bind(interpreter, condition.names(), item);
                if (truthy(interpreter.resolveELExpression(condition.test(), interpreter.getLineNumber()))) {
                    kept.add(item);
                }
            } finally {
                interpreter.leaveScope();
            }
        }
        return kept;
    }

    private static void bind(JinjavaInterpreter interpreter, List<String> names, Object item) {
        if (names.size() == 1) {
            if (item != null) {
                interpreter.getContext().put(names.get(0), item);
            }
            return;
        }
        List<?> parts = item instanceof Map.Entry<?, ?> entry
                ? java.util.Arrays.asList(entry.getKey(), entry.getValue())
                : item instanceof List<?> list ? list : List.of(item);
        for (int i = 0; i < names.size() && i < parts.size(); i++) {
            if (parts.get(i) != null) {
                interpreter.getContext().put(names.get(i), parts.get(i));
            }
        }
    }

    private static boolean truthy(Object value) {
        return com.hubspot.jinjava.util.ObjectTruthValue.evaluate(value);
    }
}
