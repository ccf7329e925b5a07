package io.weir.transform.project;

import io.weir.transform.TransformException;
import io.weir.transform.jinja.Macro;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the {@code {% macro %}} and {@code {% test %}} blocks of a macro file (a generic test {@code name} becomes
 * the macro {@code test_name}); {@code {% materialization %}} blocks are skipped, as Weir brings its own.
 */
final class MacroFiles {
    private static final Pattern START =
            Pattern.compile("\\{%-?\\s*(macro|test|materialization)\\s+([A-Za-z_][A-Za-z0-9_]*)");

    private MacroFiles() {}

    static List<Macro> parse(String text, String originalFilePath, String packageName) {
        List<Macro> macros = new ArrayList<>();
        Matcher start = START.matcher(text);
        int from = 0;
        while (start.find(from)) {
            String kind = start.group(1);
            Matcher end = Pattern.compile("\\{%-?\\s*end" + kind + "\\s*-?%}").matcher(text);
            if (!end.find(start.end())) {
                throw new TransformException("Compilation error in " + originalFilePath + ", line "
                        + lineOf(text, start.start()) + ": {% " + kind + " " + start.group(2) + " %} has no {% end"
                        + kind + " %}");
            }
            checkHeader(text, start, kind, originalFilePath);
            if (!kind.equals("materialization")) {
                String name = kind.equals("test") ? "test_" + start.group(2) : start.group(2);
                macros.add(new Macro(
                        "macro." + packageName + "." + name,
                        packageName,
                        name,
                        originalFilePath,
                        lineOf(text, start.start()),
                        text.substring(start.start(), end.end())));
            }
            from = end.end();
        }
        return macros;
    }

    /** Refuses a block whose opening tag's parentheses do not match, such as {@code {% macro cents(x %}}. */
    private static void checkHeader(String text, Matcher start, String kind, String originalFilePath) {
        int close = text.indexOf("%}", start.end());
        String header = close < 0 ? text.substring(start.start()) : text.substring(start.start(), close + 2);
        int depth = 0;
        char quote = 0;
        for (char c : header.toCharArray()) {
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            }
        }
        if (depth != 0 || close < 0) {
            throw new TransformException("Compilation error in " + originalFilePath + ", line "
                    + lineOf(text, start.start()) + ": the " + kind + " " + start.group(2) + " does not start as {% "
                    + kind + " name(arguments) %}: '" + header.replace('\n', ' ') + "' has unmatched parentheses"
                    + (close < 0 ? " and no %}" : "") + "; fix its first line");
        }
    }

    static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
